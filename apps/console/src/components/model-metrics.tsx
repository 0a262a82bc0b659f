/**
 * Reading a model version's cold-start evaluation (ModelVersion.metrics, the pipeline's ColdStartEvalReport without
 * its training curves): `methods.<method>.<metric>@<k> = {mean, std}` for the headline history length, the same per
 * slice under `slices` ('n=5', 'n=10', 'n=20', 'item-cold'), and the protocol. The JSON scalar has no GraphQL type, so
 * it is checked here value by value: anything missing reads as "not measured", never as a crash.
 */

export interface MeanStd {
  mean: number;
  std: number;
}
/** `ndcg@10` → {mean, std}. */
export type MetricTable = Record<string, MeanStd>;

export interface VersionMetrics {
  /** The headline slice: method → metric table. */
  methods: Record<string, MetricTable>;
  /** Every slice ('n=5', …, 'item-cold'): method → metric table. */
  slices: Record<string, Record<string, MetricTable>>;
  headlineN: number | null;
  /** New users' history lengths measured (slices n=…), ascending. */
  ns: number[];
  newUsers: number | null;
  /** The bounded adaptation's time per user; where the version recorded it, the machine's load while it was timed. */
  latencyMs: { p50: number; p99: number; load?: { average1m: number; cores: number } } | null;
  /** What users without history get (its training's choice among counted policies); null for versions before it. */
  firstItems: FirstItemsMetrics | null;
  /** New-item slots replayed on the events after the split; null for versions evaluated without it. */
  newItemSlots: NewItemSlotsMetrics | null;
}

/** One slot count replayed: hits over all events, per kind of target, and against 0 slots. */
export interface SlotOutcomeMetrics {
  slots: number;
  /** Slots filled only by new items the user's scores rank within the top `within` of all; absent: any new item. */
  within?: number;
  recall: number;
  ndcg: number;
  newItemRecall: number;
  otherRecall: number;
  listsWithNewItem: number;
  /** Per 1,000 lists, against 0 slots. */
  newItemHitsGained: number;
  otherHitsLost: number;
  ndcgDifference: { mean: number; ci95: [number, number] };
}

export interface NewItemSlotsMetrics {
  listLength: number;
  /** Events after the split, and how many had a new item as target. */
  events: number;
  newItemEvents: number;
  /** Events replayed per kind of target (every new-item one, a sample of the others). */
  replayed: { newItem: number; other: number };
  /** Empty when no item was new at the split (nothing to fill a slot with). */
  outcomes: SlotOutcomeMetrics[];
}

/** One counted policy for users without history: NDCG@10 on late old users' first pick (chosen on) and new users'. */
export interface FirstItemsCandidate {
  label: string;
  chosen: boolean;
  validationNdcg10: number;
  newUsersNdcg10: number;
}

export interface FirstItemsMetrics {
  /** The served policy's label, e.g. "each user's first event". */
  served: string;
  reason: string;
  validationUsers: number;
  newUsers: number;
  candidates: FirstItemsCandidate[];
}

/** Table order of methods (the evaluation's METHOD_ORDER); methods it does not know follow, alphabetically. */
export const METHOD_ORDER = [
  'mml', 'mml-paper-metatest', 'mml-no-adaptation', 'mml-no-generator', 'mml-equal-fusion', 'id-only', 'text-only', 'image-only',
  'sasrec', 'sasrec-finetune', 'sasrec-new-users', 'markov', 'first-items', 'popularity',
];
export const METRICS = ['recall', 'mrr', 'ndcg'] as const;
export const KS = [5, 10, 20] as const;
export const METRIC_LABEL: Record<(typeof METRICS)[number], string> = { recall: 'Recall', mrr: 'MRR', ndcg: 'NDCG' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function metricTable(value: unknown): MetricTable {
  const table: MetricTable = {};
  if (!isObject(value)) return table;
  for (const [key, cell] of Object.entries(value)) {
    if (isObject(cell) && isNumber(cell.mean)) table[key] = { mean: cell.mean, std: isNumber(cell.std) ? cell.std : 0 };
  }
  return table;
}

function methodTables(value: unknown): Record<string, MetricTable> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([method, table]) => [method, metricTable(table)]));
}

export function sortMethods(methods: Iterable<string>): string[] {
  const rank = (m: string) => (METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length);
  return [...methods].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The metrics JSON of a version, or null when it has none (still training, failed). */
export function readMetrics(json: unknown): VersionMetrics | null {
  if (!isObject(json)) return null;
  const methods = methodTables(json.methods);
  const slices = isObject(json.slices) ? Object.fromEntries(Object.entries(json.slices).map(([slice, value]) => [slice, methodTables(value)])) : {};
  if (Object.keys(methods).length === 0 && Object.keys(slices).length === 0) return null;
  const protocol = isObject(json.protocol) ? json.protocol : {};
  const fromSlices = Object.keys(slices).map((slice) => /^n=(\d+)$/.exec(slice)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  const ns = Array.isArray(protocol.ns) && protocol.ns.every(isNumber) ? [...(protocol.ns as number[])] : fromSlices;
  const adaptation = isObject(json.adaptation) && isObject(json.adaptation.boundedLatencyMs) ? json.adaptation.boundedLatencyMs : null;
  return {
    methods,
    slices,
    headlineN: isNumber(protocol.headlineN) ? protocol.headlineN : null,
    ns: ns.sort((a, b) => a - b),
    newUsers: isNumber(protocol.newUsers) ? protocol.newUsers : null,
    latencyMs: adaptation && isNumber(adaptation.p50) && isNumber(adaptation.p99) ? {
      p50: adaptation.p50,
      p99: adaptation.p99,
      ...(isNumber(adaptation.loadAverage1m) && isNumber(adaptation.cores) ? { load: { average1m: adaptation.loadAverage1m, cores: adaptation.cores } } : {}),
    } : null,
    firstItems: readFirstItems(json.firstItems),
    newItemSlots: readNewItemSlots(json.newItemSlots),
  };
}

function readNewItemSlots(value: unknown): NewItemSlotsMetrics | null {
  if (!isObject(value) || !isNumber(value.listLength) || !isNumber(value.events) || !isNumber(value.newItemEvents) || !Array.isArray(value.outcomes)) return null;
  const mean = (cell: unknown) => (isObject(cell) && isNumber(cell.mean) ? cell.mean : null);
  const outcomes = value.outcomes.flatMap((o): SlotOutcomeMetrics[] => {
    if (!isObject(o) || !isNumber(o.slots) || !isObject(o.newTargets) || !isObject(o.otherTargets) || !isObject(o.per1000Lists) || !isObject(o.ndcgDifference)) return [];
    const [recall, ndcg, newItemRecall, otherRecall, listsWithNewItem] = [mean(o.recall), mean(o.ndcg), mean(o.newTargets.recall), mean(o.otherTargets.recall), mean(o.listsWithNewItem)];
    const { newItemHitsGained, otherHitsLost } = o.per1000Lists;
    const ci = o.ndcgDifference.ci95;
    if (recall === null || ndcg === null || newItemRecall === null || otherRecall === null || listsWithNewItem === null || !isNumber(newItemHitsGained) || !isNumber(otherHitsLost)) return [];
    if (!isNumber(o.ndcgDifference.mean) || !Array.isArray(ci) || !isNumber(ci[0]) || !isNumber(ci[1])) return [];
    return [{ slots: o.slots, ...(isNumber(o.within) ? { within: o.within } : {}), recall, ndcg, newItemRecall, otherRecall, listsWithNewItem, newItemHitsGained, otherHitsLost, ndcgDifference: { mean: o.ndcgDifference.mean, ci95: [ci[0], ci[1]] } }];
  });
  const first = value.outcomes[0];
  const cases = (stratum: unknown) => (isObject(stratum) && isNumber(stratum.cases) ? stratum.cases : 0);
  return {
    listLength: value.listLength,
    events: value.events,
    newItemEvents: value.newItemEvents,
    replayed: isObject(first) ? { newItem: cases(first.newTargets), other: cases(first.otherTargets) } : { newItem: 0, other: 0 },
    outcomes,
  };
}

function readFirstItems(value: unknown): FirstItemsMetrics | null {
  if (!isObject(value) || !Array.isArray(value.candidates) || typeof value.reason !== 'string') return null;
  const chosen = JSON.stringify(value.chosen);
  const candidates = value.candidates.flatMap((c): FirstItemsCandidate[] => {
    if (!isObject(c) || typeof c.label !== 'string' || !isObject(c.validation) || !isObject(c.newUsers) || !isNumber(c.validation.ndcg10) || !isNumber(c.newUsers.ndcg10)) return [];
    return [{ label: c.label, chosen: JSON.stringify(c.policy) === chosen, validationNdcg10: c.validation.ndcg10, newUsersNdcg10: c.newUsers.ndcg10 }];
  });
  const served = candidates.find((c) => c.chosen);
  if (!served) return null;
  return {
    served: served.label,
    reason: value.reason,
    validationUsers: isNumber(value.validationUsers) ? value.validationUsers : 0,
    newUsers: isNumber(value.newUsers) ? value.newUsers : 0,
    candidates,
  };
}

/**
 * How busy the machine was while the adaptation was timed, as a clause for the latency sentence (empty for versions
 * that did not record it): a p99 timed on an oversubscribed machine says more about the machine than the model.
 */
export function latencyLoad(load: { average1m: number; cores: number } | undefined): string {
  if (!load) return '';
  const busy = load.average1m > load.cores ? ', busier than its cores, so the p99 may read high' : '';
  return `, timed at a load average of ${load.average1m.toFixed(1)} on ${load.cores} cores${busy}`;
}

/** 0.11432 → "0.114"; missing → "–". */
export function fmt(value: number | undefined | null, digits = 3): string {
  return value === undefined || value === null ? '–' : value.toFixed(digits);
}

/** The headline table's value of a method's metric (mean), e.g. metric('ndcg@10'). */
export function headline(metrics: VersionMetrics | null, method: string, metric: string): number | undefined {
  return metrics?.methods[method]?.[metric]?.mean;
}

/** Rows for "mml vs every baseline" at the headline slice: method, NDCG@10, Recall@10. */
export function baselineRows(metrics: VersionMetrics): Array<{ method: string; 'NDCG@10': number; 'Recall@10': number }> {
  return sortMethods(Object.keys(metrics.methods))
    .filter((method) => metrics.methods[method]?.['ndcg@10'] !== undefined)
    .map((method) => ({ method, 'NDCG@10': metrics.methods[method]!['ndcg@10']!.mean, 'Recall@10': metrics.methods[method]!['recall@10']?.mean ?? 0 }));
}

/**
 * Rows for "by new-user history length": one per n, a column per method (NDCG@10). A method a slice does not rank
 * (the paper's meta-test below n = 4, say) is null there, so its line starts where it was measured instead of at 0.
 */
export function historyRows(metrics: VersionMetrics, metric = 'ndcg@10'): { rows: Array<Record<string, number | string | null>>; methods: string[] } {
  const slices = metrics.ns.map((n) => ({ n, table: metrics.slices[`n=${n}`] ?? {} }));
  const methods = sortMethods(new Set(slices.flatMap(({ table }) => Object.keys(table).filter((m) => table[m]?.[metric] !== undefined))));
  const rows = slices.map(({ n, table }) => ({ n: `n=${n}`, ...Object.fromEntries(methods.map((m) => [m, table[m]?.[metric]?.mean ?? null])) }));
  return { rows, methods };
}

/** mml vs every baseline at the headline slice, as a table (the chart's numbers, readable as text). */
export function BaselineTable({ metrics, caption }: { metrics: VersionMetrics; caption: string }) {
  const rows = baselineRows(metrics);
  return (
    <div className="table-wrap">
      <table>
        <caption className="model-sr-only">{caption}</caption>
        <thead><tr><th scope="col">Method</th><th scope="col" className="num">NDCG@10</th><th scope="col" className="num">Recall@10</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.method} className={row.method === 'mml' ? 'model-highlight' : undefined}>
              <th scope="row">{row.method}</th><td className="num">{fmt(row['NDCG@10'])}</td><td className="num">{fmt(row['Recall@10'])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** NDCG@10 by new-user history length: a row per method, a column per n. */
export function HistoryTable({ metrics, caption, metric = 'ndcg@10' }: { metrics: VersionMetrics; caption: string; metric?: string }) {
  const { methods } = historyRows(metrics, metric);
  return (
    <div className="table-wrap">
      <table>
        <caption className="model-sr-only">{caption}</caption>
        <thead><tr><th scope="col">Method</th>{metrics.ns.map((n) => <th key={n} scope="col" className="num">n={n}</th>)}</tr></thead>
        <tbody>
          {methods.map((method) => (
            <tr key={method} className={method === 'mml' ? 'model-highlight' : undefined}>
              <th scope="row">{method}</th>
              {metrics.ns.map((n) => <td key={n} className="num">{fmt(metrics.slices[`n=${n}`]?.[method]?.[metric]?.mean)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every metric of one slice: a row per method, Recall/MRR/NDCG at 5/10/20 as mean ± std. */
export function SliceTable({ table, caption }: { table: Record<string, MetricTable>; caption: string }) {
  const columns = METRICS.flatMap((metric) => KS.map((k) => ({ key: `${metric}@${k}`, label: `${METRIC_LABEL[metric]}@${k}` })));
  return (
    <div className="table-wrap">
      <table className="model-metrics">
        <caption className="model-sr-only">{caption}</caption>
        <thead><tr><th scope="col">Method</th>{columns.map((c) => <th key={c.key} scope="col" className="num">{c.label}</th>)}</tr></thead>
        <tbody>
          {sortMethods(Object.keys(table)).map((method) => (
            <tr key={method} className={method === 'mml' ? 'model-highlight' : undefined}>
              <th scope="row">{method}</th>
              {columns.map((c) => {
                const cell = table[method]?.[c.key];
                return <td key={c.key} className="num">{cell ? <>{fmt(cell.mean)}<span className="muted small"> ±{fmt(cell.std)}</span></> : '–'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
