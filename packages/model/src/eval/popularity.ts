import { itemCounts } from '../data/sequence-dataset.ts';
import type { Scorer } from './full-ranking.ts';

/** The popularity baseline: every user gets items ranked by how often they occur in the training sequences. */
export function popularityScorer(trainSequences: readonly Int32Array[], numItems: number): Scorer {
  return sameScoresScorer(Float32Array.from(itemCounts(trainSequences, numItems)));
}

/** A scorer that gives every case the same row of scores (numItems + 1 wide, column 0 ignored): counted lists. */
export function sameScoresScorer(scores: Float32Array): Scorer {
  return (cases) => {
    const out = new Float32Array(cases.length * scores.length);
    for (let b = 0; b < cases.length; b++) out.set(scores, b * scores.length);
    return out;
  };
}
