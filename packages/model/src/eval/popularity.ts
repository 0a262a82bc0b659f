import { itemCounts } from '../data/sequence-dataset.ts';
import type { Scorer } from './full-ranking.ts';

/** The popularity baseline: every user gets items ranked by how often they occur in the training sequences. */
export function popularityScorer(trainSequences: readonly Int32Array[], numItems: number): Scorer {
  const counts = Float32Array.from(itemCounts(trainSequences, numItems));
  return (cases) => {
    const out = new Float32Array(cases.length * (numItems + 1));
    for (let b = 0; b < cases.length; b++) out.set(counts, b * (numItems + 1));
    return out;
  };
}
