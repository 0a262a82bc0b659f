import { describe, expect, it } from 'vitest';
import { evaluateFullRanking, rankCases } from './full-ranking.ts';
import { markovScorer } from './markov.ts';
import { metricsFromRanks } from './metrics.ts';
import { popularityScorer } from './popularity.ts';

describe('metricsFromRanks', () => {
  it('computes Recall, MRR and NDCG at each K from 0-based ranks', () => {
    const m = metricsFromRanks([0, 4, 9, 30], [5, 10]);
    expect(m.users).toBe(4);
    expect(m.recall[5]).toBeCloseTo(2 / 4);
    expect(m.recall[10]).toBeCloseTo(3 / 4);
    expect(m.mrr[5]).toBeCloseTo((1 + 1 / 5) / 4);
    expect(m.ndcg[10]).toBeCloseTo((1 + 1 / Math.log2(6) + 1 / Math.log2(11)) / 4);
  });
});

describe('evaluateFullRanking', () => {
  // Item 0 is padding and never counts. Items 3, 4 and 5 tie at 0.7.
  const scores = Float32Array.of(99, 0.9, 0.8, 0.7, 0.7, 0.7, 0.1);
  const scorer = () => scores;

  it('counts higher candidates plus half (rounded down) of the other tied ones, masking the history only when masked', () => {
    const ranks = rankCases(scorer, [{ user: 0, history: Int32Array.of(1, 2), target: 4 }], 6);
    // Unmasked: items 1, 2 above, items 3 and 5 tied → 2 + ⌊2/2⌋ = 3. Masked (1, 2 removed): 0 + ⌊2/2⌋ = 1.
    expect(Array.from(ranks.unmasked)).toEqual([3]);
    expect(Array.from(ranks.masked)).toEqual([1]);
    const report = evaluateFullRanking(scorer, [{ user: 0, history: Int32Array.of(1, 2), target: 4 }], 6, { ks: [1, 3] });
    expect(report.unmasked.recall[3]).toBe(0);
    expect(report.masked.recall[1]).toBe(0);
    expect(report.masked.recall[3]).toBe(1);
    expect(report.masked.mrr[3]).toBeCloseTo(1 / 2);
  });

  it('masks `seen` instead of the history when a case gives it, and never masks the target itself', () => {
    const ranks = rankCases(scorer, [{ user: 0, history: Int32Array.of(6), target: 3, seen: Int32Array.of(1, 3, 4) }], 6);
    // Candidates 2 (0.8, above), 5 (tie), 6 (below) → 1 + ⌊1/2⌋ = 1.
    expect(Array.from(ranks.masked)).toEqual([1]);
  });

  it('ranks a constant scorer at the middle', () => {
    const flat = () => new Float32Array(11);
    expect(Array.from(rankCases(flat, [{ user: 0, history: Int32Array.of(), target: 7 }], 10).unmasked)).toEqual([4]);
  });

  it('gives popularity the training counts as scores', () => {
    const score = popularityScorer([Int32Array.of(2, 2, 3), Int32Array.of(3, 2)], 3);
    expect(Array.from(score([{ user: 0, history: Int32Array.of(), target: 1 }]))).toEqual([0, 0, 3, 2]);
  });
});

describe('markovScorer', () => {
  it('sums the last three items\' transition counts with weights 1, 1/2, 1/3, plus 1e-6 · popularity', () => {
    // Pairs: 1→2 twice, 2→3, 3→1, 2→4, 4→2.
    const score = markovScorer([Int32Array.of(1, 2, 3, 1, 2, 4), Int32Array.of(4, 2)], 4);
    const row = score([{ user: 0, history: Int32Array.of(3, 1, 2), target: 4 }]);
    // h[-1] = 2: 2→3 (1), 2→4 (1). h[-2] = 1: 1→2 (2) / 2. h[-3] = 3: 3→1 (1) / 3. pop: 1:2, 2:3, 3:1, 4:2.
    expect(row[1]).toBeCloseTo(1 / 3 + 2e-6, 6);
    expect(row[2]).toBeCloseTo(1 + 3e-6, 6);
    expect(row[3]).toBeCloseTo(1 + 1e-6, 6);
    expect(row[4]).toBeCloseTo(1 + 2e-6, 6);
    // Popularity breaks the tie between 3 and 4 in 4's favour (float32 still resolves 1e-6 at 1).
    expect(row[4]!).toBeGreaterThan(row[3]!);
  });
});
