import type { EvalCase } from '../data/leave-one-out.ts';
import { DEFAULT_KS, metricsFromRanks, type RankingMetrics } from './metrics.ts';

/** Scores every item for each case: returns cases.length rows of numItems + 1 scores (column 0 ignored). */
export type Scorer = (cases: readonly EvalCase[]) => Float32Array;

export interface RankingReport {
  /** The user's own earlier items excluded from the ranking (the headline protocol). */
  masked: RankingMetrics;
  /** Every item ranked (the paper's protocol). */
  unmasked: RankingMetrics;
}

export interface RankingOptions {
  ks?: readonly number[];
  /** Cases scored per scorer call. */
  batchSize?: number;
}

/**
 * Full ranking over all items (no sampled negatives). The rank of the target counts items that score higher,
 * plus items with an equal score and a smaller id (a stable, deterministic tie-break). Item 0 (padding) never counts.
 */
export function evaluateFullRanking(score: Scorer, cases: readonly EvalCase[], numItems: number, { ks = DEFAULT_KS, batchSize = 256 }: RankingOptions = {}): RankingReport {
  const masked = new Int32Array(cases.length);
  const unmasked = new Int32Array(cases.length);
  const seen = new Uint8Array(numItems + 1);
  for (let start = 0; start < cases.length; start += batchSize) {
    const batch = cases.slice(start, start + batchSize);
    const scores = score(batch);
    const width = numItems + 1;
    if (scores.length !== batch.length * width) throw new Error(`scorer returned ${scores.length} scores for ${batch.length} cases of ${width}`);
    batch.forEach((c, b) => {
      const row = scores.subarray(b * width, (b + 1) * width);
      for (const item of c.history) seen[item] = 1;
      seen[c.target] = 0;
      const st = row[c.target]!;
      let above = 0;
      let aboveUnseen = 0;
      for (let j = 1; j <= numItems; j++) {
        const s = row[j]!;
        if (s > st || (s === st && j < c.target)) {
          above++;
          if (!seen[j]) aboveUnseen++;
        }
      }
      for (const item of c.history) seen[item] = 0;
      unmasked[start + b] = above;
      masked[start + b] = aboveUnseen;
    });
  }
  return { masked: metricsFromRanks(masked, ks), unmasked: metricsFromRanks(unmasked, ks) };
}
