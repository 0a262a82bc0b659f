import { describe, expect, it } from 'vitest';
import { rankOf, topK } from './top-k.ts';

describe('topK', () => {
  it('matches a full sort, skipping refused rows, ties to the lower row', () => {
    const scores = Float32Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i * 7.1) * 50));
    const allowed = (row: number) => row % 3 !== 0;
    const expected = Array.from(scores, (score, i) => ({ row: i + 1, score }))
      .filter((e) => allowed(e.row))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, 17);
    expect(topK(scores, 17, allowed)).toEqual(expected);
  });

  it('returns fewer when fewer rows qualify, and skips NaN', () => {
    expect(topK(Float32Array.of(1, NaN, 3), 5, () => true)).toEqual([{ row: 3, score: 3 }, { row: 1, score: 1 }]);
    expect(topK(Float32Array.of(1, 2), 5, () => false)).toEqual([]);
  });
});

describe('rankOf', () => {
  it('counts the servable rows topK puts first: higher scores, and equal scores on lower rows', () => {
    const scores = Float32Array.of(0.5, 0.9, 0.5, Number.NaN, 0.1, 0.7);
    expect(rankOf(scores, 3, () => true)).toBe(4); // rows 2 (0.9), 6 (0.7) and 1 (0.5, a lower row) come first
    expect(rankOf(scores, 1, () => true)).toBe(3);
    expect(rankOf(scores, 3, (row) => row !== 2)).toBe(3);
    expect(rankOf(scores, 5, () => true)).toBe(5); // NaN never ranks
  });
});
