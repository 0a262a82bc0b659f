import type { EvalCase } from '../data/leave-one-out.ts';
import { rankCases, type CaseRanks } from '../eval/full-ranking.ts';
import type { Scorer } from '../eval/full-ranking.ts';

/** Ranks each case's target in its own precomputed score row ([numItems + 1] each, in case order). */
export function rankRows(rows: readonly Float32Array[], cases: readonly EvalCase[], numItems: number): CaseRanks {
  if (rows.length !== cases.length) throw new Error(`${rows.length} score rows for ${cases.length} cases`);
  let next = 0;
  return rankCases(() => rows[next++]!, cases, numItems, { batchSize: 1 });
}

/** Ranks with a scorer (baselines that score any history directly). */
export function rankWith(scorer: Scorer, cases: readonly EvalCase[], numItems: number): CaseRanks {
  return rankCases(scorer, cases, numItems);
}

/** Row r of a [rows, width] block. */
export function row(values: Float32Array, r: number, width: number): Float32Array {
  return values.subarray(r * width, (r + 1) * width);
}
