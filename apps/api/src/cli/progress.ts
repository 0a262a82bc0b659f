import cliProgress from 'cli-progress';

/** A progress reporter for long jobs: a bar on a terminal, a line every few seconds in logs and CI. */
export interface Progress {
  /** Sets the total when it becomes known (streams learn it late). */
  setTotal(total: number): void;
  increment(by?: number, payload?: Record<string, string | number>): void;
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  /** What is counted; `%` with a total of 100 shows the percentage alone (not "67/100 %"). */
  unit?: string;
  /** Extra fields shown after the bar, e.g. `loss`. */
  fields?: string[];
  stream?: NodeJS.WriteStream;
}

export function createProgress({ label, total = 0, unit = 'items', fields = [], stream = process.stderr }: ProgressOptions): Progress {
  const extra = fields.map((field) => ` ${field}={${field}}`).join('');
  const counted = unit === '%' ? '' : ` {value}/{total} ${unit}`;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}%${counted} {eta_formatted}${extra}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, Object.fromEntries(fields.map((field) => [field, ''])));
    return {
      setTotal: (value) => bar.setTotal(value),
      increment: (by = 1, payload) => bar.increment(by, payload),
      update: (value, payload) => bar.update(value, payload),
      stop: () => bar.stop(),
    };
  }
  return createLineProgress(label, total, unit, stream);
}

/** Non-terminal fallback: one line at most every two seconds and one at the end, so logs stay readable. */
function createLineProgress(label: string, initialTotal: number, unit: string, stream: NodeJS.WriteStream): Progress {
  let total = initialTotal;
  let value = 0;
  let lastPrint = 0;
  let lastPayload: Record<string, string | number> = {};
  const started = Date.now();
  const print = (force: boolean) => {
    const now = Date.now();
    if (!force && now - lastPrint < 2000) return;
    lastPrint = now;
    const seconds = (now - started) / 1000;
    const percent = total > 0 ? `${Math.round((100 * value) / total)}%` : '';
    const done = unit === '%' ? percent : `${value}${total > 0 ? `/${total} (${percent})` : ''} ${unit}`;
    // Empty fields (a stage's last message cleared) are left out rather than shown as "at=".
    const fieldsText = Object.entries(lastPayload).filter(([, val]) => val !== '').map(([key, val]) => ` ${key}=${val}`).join('');
    stream.write(`${label}: ${done} in ${seconds.toFixed(1)} s${fieldsText}\n`);
  };
  return {
    setTotal: (next) => {
      total = next;
    },
    increment: (by = 1, payload) => {
      value += by;
      if (payload) lastPayload = payload;
      print(false);
    },
    update: (next, payload) => {
      value = next;
      if (payload) lastPayload = payload;
      print(false);
    },
    stop: () => print(true),
  };
}
