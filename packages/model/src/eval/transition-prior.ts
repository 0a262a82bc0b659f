import type { EvalCase } from '../data/leave-one-out.ts';
import type { Scorer } from './full-ranking.ts';
import { standardizeItems } from './recency-prior.ts';

/**
 * The item-transition baseline's scores (markov.ts) as a per-user prior a ranker can add to its own (withPrior):
 * log(1 + score) per item, standardised over items 1..N, so one weight means the same on any catalog. On ML-100K
 * the transition baseline alone ties SASRec at n = 5 and ranks by a different signal (counts of what followed the
 * user's last three items), which is what a mix could gain from. Measured (model README): it helps new users only
 * at n = 5 and loses at n = 10 and 20, and the tuning folds prefer it nowhere, so nothing serves it.
 */
export function transitionPriorRows(markov: Scorer, cases: readonly EvalCase[], numItems: number): Float32Array[] {
  const width = numItems + 1;
  const scores = markov(cases);
  return cases.map((_, b) => {
    const out = new Float32Array(width);
    for (let item = 1; item < width; item++) out[item] = Math.log1p(Math.max(0, scores[b * width + item]!));
    return standardizeItems(out);
  });
}
