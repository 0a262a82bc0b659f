import { itemCounts } from '../data/sequence-dataset.ts';
import type { Scorer } from './full-ranking.ts';

/** How far back the item-transition baseline looks, and how much a tiny popularity term breaks its ties. */
export interface MarkovOptions {
  /** Last items of the history that vote (3: h[−1], h[−2], h[−3] with weights 1, 1/2, 1/3). */
  order?: number;
  popularityWeight?: number; // 1e-6: popularity only orders items no transition reaches
}

/**
 * The item-transition Markov baseline of the harness check (issue #8):
 * score(j) = Σ_{w=0..order−1} count(h[−1−w] → j) / (w + 1) + 1e−6 · pop(j), with counts over consecutive pairs of
 * the training sequences (old users' pre-split events) and pop(j) their item counts.
 */
export function markovScorer(trainSequences: readonly Int32Array[], numItems: number, { order = 3, popularityWeight = 1e-6 }: MarkovOptions = {}): Scorer {
  const width = numItems + 1;
  // Sparse rows: transitions from item a, as (next item → count).
  const transitions = Array.from({ length: width }, () => new Map<number, number>());
  for (const sequence of trainSequences) {
    for (let i = 1; i < sequence.length; i++) {
      const row = transitions[sequence[i - 1]!]!;
      row.set(sequence[i]!, (row.get(sequence[i]!) ?? 0) + 1);
    }
  }
  const popularity = itemCounts(trainSequences, numItems);
  // Float64 while summing: 1e-6 · pop must not vanish next to transition counts in float32 before the final cast.
  const row = new Float64Array(width);
  return (cases) => {
    const out = new Float32Array(cases.length * width);
    cases.forEach((c, b) => {
      for (let j = 0; j < width; j++) row[j] = popularityWeight * popularity[j]!;
      for (let w = 0; w < order && w < c.history.length; w++) {
        const from = c.history[c.history.length - 1 - w]!;
        for (const [next, count] of transitions[from]!) row[next]! += count / (w + 1);
      }
      out.set(row, b * width);
    });
    return out;
  };
}
