import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from './full-ranking.ts';
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
  const scores = Float32Array.of(99, 0.9, 0.8, 0.7, 0.7, 0.1); // item 0 is padding and never counts
  const scorer = () => scores;

  it('ranks the target among all items, masking the user history only in the masked report', () => {
    const report = evaluateFullRanking(scorer, [{ user: 0, history: Int32Array.of(1, 2), target: 4 }], 5, { ks: [1, 3] });
    // Unmasked: items 1, 2 score higher and item 3 ties with a smaller id → rank 3. Masked: only item 3 → rank 1.
    expect(report.unmasked.recall[3]).toBe(0);
    expect(report.masked.recall[1]).toBe(0);
    expect(report.masked.recall[3]).toBe(1);
    expect(report.masked.mrr[3]).toBeCloseTo(1 / 2);
  });

  it('gives popularity the training counts as scores', () => {
    const score = popularityScorer([Int32Array.of(2, 2, 3), Int32Array.of(3, 2)], 3);
    expect(Array.from(score([{ user: 0, history: Int32Array.of(), target: 1 }]))).toEqual([0, 0, 3, 2]);
  });
});
