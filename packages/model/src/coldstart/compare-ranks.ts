import type { SliceRanks } from './evaluate.ts';
import { comparePaired, summarize, type PairedComparison } from './summary.ts';

/** One method in two runs of the same protocol: each run's NDCG@k over the shared cases, and the paired difference. */
export interface RunComparison extends PairedComparison {
  method: string;
  /** Mean NDCG@k of run a and of run b (seeds averaged per case). */
  a: number;
  b: number;
}

/**
 * Compares two evaluations of the same protocol (say, two settings) case by case, for every method both ranked:
 * the difference is b − a. Why paired: a user's difficulty is shared by both runs and cancels, so an interval
 * several times narrower than the two means' spread (the #8 notes: ±0.025 unpaired on the late old users).
 * Refuses runs over different cases: their users or targets would not line up.
 */
export function compareRanks(a: SliceRanks, b: SliceRanks, { k = 10 }: { k?: number } = {}): RunComparison[] {
  if (a.users.length !== b.users.length || a.users.some((user, i) => user !== b.users[i] || a.targets[i] !== b.targets[i])) {
    throw new Error(`the two runs ranked different cases (${a.users.length} and ${b.users.length}): compare runs of the same data, protocol, folds and slice`);
  }
  const toInts = (bySeed: number[][]) => bySeed.map((ranks) => Int32Array.from(ranks));
  // Each run's own mean, the way its report summarises a method (mean over seeds of each seed's mean).
  const ndcg = (bySeed: Int32Array[]) => summarize(bySeed, [k])[`ndcg@${k}`]!.mean;
  return Object.keys(a.methods).filter((method) => b.methods[method]).map((method) => {
    const [ra, rb] = [toInts(a.methods[method]!), toInts(b.methods[method]!)];
    return { method, a: ndcg(ra), b: ndcg(rb), ...comparePaired(rb, ra, k) };
  });
}

/** The comparison as a markdown table, best difference first. */
export function compareMarkdown(rows: readonly RunComparison[], { a, b, slice, k = 10 }: { a: string; b: string; slice: string; k?: number }): string {
  const sorted = [...rows].sort((x, y) => y.meanDifference - x.meanDifference);
  return [
    `# ${b} against ${a} (${slice}, NDCG@${k}, paired per case, seeds averaged per case)`,
    '',
    `| method | ${a} | ${b} | difference (b − a) | 95% interval | cases better / worse / tied |`,
    '|---|---|---|---|---|---|',
    ...sorted.map((r) => `| ${r.method} | ${r.a.toFixed(4)} | ${r.b.toFixed(4)} | ${r.meanDifference >= 0 ? '+' : ''}${r.meanDifference.toFixed(4)} | [${r.ci95[0].toFixed(4)}, ${r.ci95[1].toFixed(4)}] | ${r.better} / ${r.worse} / ${r.tied} |`),
    '',
  ].join('\n');
}
