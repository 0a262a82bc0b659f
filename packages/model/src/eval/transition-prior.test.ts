import { describe, expect, it } from 'vitest';
import { markovScorer } from './markov.ts';
import { withPrior } from './recency-prior.ts';
import { transitionPriorRows } from './transition-prior.ts';

describe('transition prior', () => {
  // Transitions 1→2 (twice), 2→3, 3→1, 1→4; item 5 is never reached.
  const sequences = [Int32Array.from([1, 2, 3, 1, 2]), Int32Array.from([1, 4])];
  const markov = markovScorer(sequences, 5);

  it('is log(1 + the Markov score) per item, standardised over items, one row per case', () => {
    const cases = [{ user: 0, history: Int32Array.from([1]), target: 2 }, { user: 1, history: Int32Array.from([3, 1]), target: 4 }];
    const rows = transitionPriorRows(markov, cases, 5);
    expect(rows).toHaveLength(2);
    // Case 1, history [1]: counts 1→2 = 2, 1→4 = 1, plus 1e-6 · popularity (1: 3, 2: 2, 3: 1, 4: 1, 5: 0).
    const raw = [3e-6, 2 + 2e-6, 1e-6, 1 + 1e-6, 0].map(Math.log1p);
    const mean = raw.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    expect([...rows[0]!]).toEqual([0, ...raw.map((r) => (r - mean) / sd)].map((v) => expect.closeTo(v, 5)));
    // Case 2, history [3, 1]: the last item votes with weight 1, the one before with 1/2 (3→1).
    expect(rows[1]![1]!).toBeGreaterThan(rows[1]![3]!);
    expect(rows[1]![2]!).toBeGreaterThan(rows[1]![1]!);
  });

  it('added with a large enough weight, ranks what followed the last item first', () => {
    const [prior] = transitionPriorRows(markov, [{ user: 0, history: Int32Array.from([1]), target: 2 }], 5);
    const scores = Float32Array.from([-Infinity, 0.5, 0.1, 0.3, 0.2, 0.4]); // the ranker alone prefers 1, 5, 3
    const mixed = withPrior(scores, prior!, 4);
    const order = [1, 2, 3, 4, 5].sort((a, b) => mixed[b]! - mixed[a]!);
    expect(order.slice(0, 2)).toEqual([2, 4]);
    // Weight 0 keeps the ranker's own order.
    const own = withPrior(scores, prior!, 0);
    expect([1, 2, 3, 4, 5].sort((a, b) => own[b]! - own[a]!)).toEqual([1, 5, 3, 4, 2]);
  });
});
