import { DEFAULT_KS, metricsFromRanks } from '../eval/metrics.ts';
import { mixKey, Rng } from '../engine/index.ts';

/** Mean and sample standard deviation over seeds. */
export interface MeanStd {
  mean: number;
  std: number;
}

/** `recall@10` → {mean, std}, for Recall, MRR and NDCG at every K, and `medianRank`. */
export type MetricTable = Record<string, MeanStd>;

/** The masked 0-based ranks one method gave one slice's cases, one array per seed (cases in the same order). */
export type RanksBySeed = Int32Array[];

/** Metrics of each seed's ranks, then mean ± std across seeds. */
export function summarize(ranksBySeed: RanksBySeed, ks: readonly number[] = DEFAULT_KS): MetricTable {
  const perSeed = ranksBySeed.map((ranks) => metricsFromRanks(ranks, ks));
  const table: MetricTable = {};
  for (const metric of ['recall', 'mrr', 'ndcg'] as const) {
    for (const k of ks) table[`${metric}@${k}`] = meanStd(perSeed.map((m) => m[metric][k]!));
  }
  // Where the target lands when it misses the top K: a slice where every method scores 0 at K (new items) still
  // shows whether a method ranks its targets near the top, in the middle, or at the bottom of the catalog.
  table.medianRank = meanStd(ranksBySeed.map(medianRank));
  return table;
}

/** The median 1-based rank of the targets (0 for no cases). */
export function medianRank(ranks: Int32Array): number {
  if (ranks.length === 0) return 0;
  const sorted = Int32Array.from(ranks).sort();
  const middle = sorted.length >> 1;
  return (sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2) + 1;
}

export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const variance = n > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean: round(mean), std: round(Math.sqrt(variance)) };
}

/** A paired, user-by-user comparison of two methods on one metric (seeds averaged per user first). */
export interface PairedComparison {
  /** Mean over users of (a − b). */
  meanDifference: number;
  /** 95% interval of that mean from a paired bootstrap over users. */
  ci95: [number, number];
  /** Users for whom a is better, worse, or tied. */
  better: number;
  worse: number;
  tied: number;
}

/** NDCG@k of one rank (0 beyond the cut-off). */
export function ndcgAt(rank: number, k: number): number {
  return rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/**
 * Paired comparison of per-user NDCG@k between methods a and b over the same cases: each user's NDCG averaged over
 * a's seeds minus the same over b's (the seed counts may differ, as between two runs).
 */
export function comparePaired(a: RanksBySeed, b: RanksBySeed, k = 10, { resamples = 2000, seed = 7 } = {}): PairedComparison {
  const users = a[0]?.length ?? 0;
  if (b.some((ranks) => ranks.length !== users) || a.some((ranks) => ranks.length !== users)) throw new Error('a paired comparison needs the same cases on both sides');
  const meanNdcg = (bySeed: RanksBySeed, u: number) => bySeed.reduce((sum, ranks) => sum + ndcgAt(ranks[u]!, k), 0) / bySeed.length;
  const diffs = new Float64Array(users);
  for (let u = 0; u < users; u++) diffs[u] = meanNdcg(a, u) - meanNdcg(b, u);
  const mean = diffs.reduce((x, y) => x + y, 0) / Math.max(1, users);
  const rng = new Rng(mixKey(seed, users, k));
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < users; i++) sum += diffs[rng.int(0, users)]!;
    means[r] = sum / Math.max(1, users);
  }
  means.sort();
  const epsilon = 1e-12;
  return {
    meanDifference: round(mean),
    ci95: [round(means[Math.floor(0.025 * resamples)] ?? 0), round(means[Math.floor(0.975 * resamples)] ?? 0)],
    better: diffs.filter((d) => d > epsilon).length,
    worse: diffs.filter((d) => d < -epsilon).length,
    tied: diffs.filter((d) => Math.abs(d) <= epsilon).length,
  };
}

/** A markdown table of methods × metrics (mean ± std), best mean per column in bold. */
export function markdownTable(methods: Record<string, MetricTable>, columns: readonly string[]): string {
  const names = Object.keys(methods);
  // The best cell is bold: the highest metric, the lowest rank.
  const best = Object.fromEntries(columns.map((c) => [c, c === 'medianRank'
    ? Math.min(...names.map((n) => methods[n]![c]?.mean ?? Infinity))
    : Math.max(...names.map((n) => methods[n]![c]?.mean ?? -Infinity))]));
  const header = `| method | ${columns.join(' | ')} |`;
  const rule = `|---|${columns.map(() => '---').join('|')}|`;
  const rows = names.map((name) => `| ${name} | ${columns.map((c) => {
    const cell = methods[name]![c];
    if (!cell) return '–';
    const digits = c === 'medianRank' ? 1 : 4;
    const text = `${cell.mean.toFixed(digits)} ± ${cell.std.toFixed(digits)}`;
    return cell.mean === best[c] ? `**${text}**` : text;
  }).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

function round(x: number): number {
  return Number(x.toFixed(6));
}
