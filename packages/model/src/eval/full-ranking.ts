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

/** 0-based rank of each case's target, masked and unmasked, in case order (for paired comparisons). */
export interface CaseRanks {
  masked: Int32Array;
  unmasked: Int32Array;
}

export interface RankingOptions {
  ks?: readonly number[];
  /** Cases scored per scorer call. */
  batchSize?: number;
}

/**
 * Full ranking over all items (no sampled negatives). The rank of the target is the number of candidates that
 * score higher plus half (rounded down) of the other candidates that score the same: ties neither help nor hurt
 * on average, so a constant scorer ranks at the middle. Item 0 (padding) never counts; the masked rank leaves out
 * the user's own earlier items (`seen`, default the history).
 */
export function rankCases(score: Scorer, cases: readonly EvalCase[], numItems: number, { batchSize = 256 }: RankingOptions = {}): CaseRanks {
  const masked = new Int32Array(cases.length);
  const unmasked = new Int32Array(cases.length);
  const seen = new Uint8Array(numItems + 1);
  const width = numItems + 1;
  for (let start = 0; start < cases.length; start += batchSize) {
    const batch = cases.slice(start, start + batchSize);
    const scores = score(batch);
    if (scores.length !== batch.length * width) throw new Error(`scorer returned ${scores.length} scores for ${batch.length} cases of ${width}`);
    batch.forEach((c, b) => {
      const row = scores.subarray(b * width, (b + 1) * width);
      const excluded = c.seen ?? c.history;
      for (const item of excluded) seen[item] = 1;
      seen[c.target] = 0;
      const st = row[c.target]!;
      let above = 0;
      let tied = 0;
      let aboveUnseen = 0;
      let tiedUnseen = 0;
      for (let j = 1; j <= numItems; j++) {
        const s = row[j]!;
        if (s > st) {
          above++;
          if (!seen[j]) aboveUnseen++;
        } else if (s === st && j !== c.target) {
          tied++;
          if (!seen[j]) tiedUnseen++;
        }
      }
      for (const item of excluded) seen[item] = 0;
      unmasked[start + b] = above + Math.floor(tied / 2);
      masked[start + b] = aboveUnseen + Math.floor(tiedUnseen / 2);
    });
  }
  return { masked, unmasked };
}

/** Recall/MRR/NDCG at each K over full rankings, masked and unmasked (see rankCases for the rank). */
export function evaluateFullRanking(score: Scorer, cases: readonly EvalCase[], numItems: number, options: RankingOptions = {}): RankingReport {
  const ks = options.ks ?? DEFAULT_KS;
  const ranks = rankCases(score, cases, numItems, options);
  return { masked: metricsFromRanks(ranks.masked, ks), unmasked: metricsFromRanks(ranks.unmasked, ks) };
}
