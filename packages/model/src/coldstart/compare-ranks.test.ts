import { describe, expect, it } from 'vitest';
import { compareMarkdown, compareRanks } from './compare-ranks.ts';
import type { SliceRanks } from './evaluate.ts';

const cases = { users: [4, 7, 9, 12], targets: [1, 2, 3, 4] };

describe('compareRanks (two runs of one protocol, case by case)', () => {
  it('gives each run\'s NDCG@10 and the paired b − a difference per method, seeds averaged per case', () => {
    const a: SliceRanks = { ...cases, methods: { mml: [[0, 3, 50, 9]], sasrec: [[1, 1, 1, 1]] } };
    // Two seeds in b: case 0 at rank 0 in both, case 2 now inside the top 10 in one seed.
    const b: SliceRanks = { ...cases, methods: { mml: [[0, 3, 2, 9], [0, 3, 50, 9]], sasrec: [[1, 1, 1, 1]], markov: [[0, 0, 0, 0]] } };
    const rows = compareRanks(a, b);
    expect(rows.map((r) => r.method)).toEqual(['mml', 'sasrec']); // only methods both ranked
    const ndcg = (rank: number) => (rank < 10 ? 1 / Math.log2(rank + 2) : 0);
    const mml = rows[0]!;
    expect(mml.a).toBeCloseTo((ndcg(0) + ndcg(3) + ndcg(9)) / 4, 6);
    expect(mml.b).toBeCloseTo((ndcg(0) + ndcg(3) + ndcg(2) / 2 + ndcg(9)) / 4, 6);
    expect(mml.meanDifference).toBeCloseTo(ndcg(2) / 2 / 4, 6);
    expect(mml).toMatchObject({ better: 1, worse: 0, tied: 3 });
    expect(rows[1]).toMatchObject({ meanDifference: 0, better: 0, worse: 0, tied: 4, ci95: [0, 0] });
    const markdown = compareMarkdown(rows, { a: 'default', b: 'lr-0.1', slice: 'n=10' });
    expect(markdown).toContain('# lr-0.1 against default (n=10, NDCG@10, paired per case, seeds averaged per case)');
    expect(markdown.indexOf('| mml |')).toBeLessThan(markdown.indexOf('| sasrec |')); // best difference first
    expect(markdown).toContain('| mml | 0.4299 | 0.4924 | +0.0625 |');
  });

  it('refuses runs over different cases', () => {
    const a: SliceRanks = { ...cases, methods: { mml: [[0, 1, 2, 3]] } };
    expect(() => compareRanks(a, { ...a, users: [4, 7, 9, 13] })).toThrow('the two runs ranked different cases (4 and 4)');
    expect(() => compareRanks(a, { ...a, targets: [1, 2, 3, 5] })).toThrow('ranked different cases');
    expect(() => compareRanks(a, { users: [4], targets: [1], methods: { mml: [[0]] } })).toThrow('(4 and 1)');
  });
});
