import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Same-machine PyTorch run of the reference training step (pytorch-train-step.py), for a ratio, not a quote. */
export interface PytorchRun {
  numItems: number;
  threads: number;
  /** Trainable parameters of the PyTorch model: equals our SasRec's for the same vocabulary (tested). */
  parameters: number;
  stepsPerSecond: number;
  windowStepsPerSecond: number[];
}

export type PytorchBaseline =
  | { measured: true; python: string; torchVersion: string; blas: string; runs: PytorchRun[] }
  | { measured: false; reason: string };

export interface PytorchBaselineOptions {
  vocabularies: number[];
  threads: number[];
  windows: number;
  stepsPerWindow: number;
  warmupSteps: number;
  /** A Python with torch (the CLI passes FEWSHOT_PYTHON); default: the first of /usr/bin/python3 and python3 that imports torch. */
  python?: string;
  onRun?: (run: PytorchRun) => void;
}

const SCRIPT = fileURLToPath(new URL('./pytorch-train-step.py', import.meta.url));

/** The first Python that imports torch, or why none does (the benchmark then reports the reason instead). */
export function findTorchPython(preferred?: string): { python: string } | { reason: string } {
  const candidates = preferred ? [preferred] : ['/usr/bin/python3', 'python3'];
  const failures: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return { python };
    const why = probe.error ? probe.error.message : (probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`);
    failures.push(`${python}: ${why}`);
  }
  return { reason: `no Python with torch (${failures.join('; ')}); on Debian: apt-get install python3-torch libopenblas0-pthread, or set FEWSHOT_PYTHON` };
}

/**
 * Runs the PyTorch step once per intra-op thread count (torch.set_num_threads), each in a fresh process. OpenBLAS
 * keeps its own default pool (all cores): measured here, capping it too (OMP_NUM_THREADS=1, which OpenBLAS also
 * reads) made the one-thread setting slower (2.5–2.7 against 4.7 steps/s), and the baseline should be PyTorch's best.
 */
export async function benchPytorchTrainStep(options: PytorchBaselineOptions): Promise<PytorchBaseline> {
  const found = findTorchPython(options.python);
  if ('reason' in found) return { measured: false, reason: found.reason };
  const runs: PytorchRun[] = [];
  let header: { torch: string; blas: string } | undefined;
  for (const threads of options.threads) {
    const args = [SCRIPT, ...options.vocabularies.flatMap((v) => ['--vocab', String(v)]), '--threads', String(threads),
      '--windows', String(options.windows), '--steps', String(options.stepsPerWindow), '--warmup', String(options.warmupSteps)];
    await runLines(found.python, args, (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if ('torch' in parsed) {
        header = parsed as { torch: string; blas: string };
        return;
      }
      const run = parsed as unknown as PytorchRun;
      runs.push(run);
      options.onRun?.(run);
    });
  }
  return { measured: true, python: found.python, torchVersion: header?.torch ?? 'unknown', blas: header?.blas ?? 'unknown', runs };
}

/** The best thread setting's steps/s at one vocabulary (the issue compares against PyTorch's best setting). */
export function bestPytorchRun(baseline: PytorchBaseline, numItems: number): PytorchRun | undefined {
  if (!baseline.measured) return undefined;
  return baseline.runs.filter((r) => r.numItems === numItems).sort((a, b) => b.stepsPerSecond - a.stepsPerSecond)[0];
}

/** Runs a process to completion, handing each non-empty stdout line to onLine as it arrives. */
function runLines(command: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line) continue;
        try {
          onLine(line);
        } catch (error) {
          child.kill();
          reject(new Error(`unexpected output from ${SCRIPT}: ${line.slice(0, 200)} (${String(error)})`));
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${SCRIPT} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
