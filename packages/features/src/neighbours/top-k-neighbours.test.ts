import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/tiny-text-model.ts';
import { concatFeatures } from './concat-features.ts';
import { topKNeighbours } from './top-k-neighbours.ts';

/** The reference: a plain per-pair loop, fine for a few hundred rows in a test. */
function bruteForce(matrix: Float32Array, dim: number, k: number): number[][] {
  const rows = matrix.length / dim;
  return Array.from({ length: rows }, (_, i) => {
    const scored = Array.from({ length: rows }, (_, j) => {
      let score = 0;
      for (let d = 0; d < dim; d++) score += (matrix[i * dim + d] as number) * (matrix[j * dim + d] as number);
      return { j, score: Math.fround(score) };
    }).filter(({ j }) => j !== i);
    scored.sort((a, b) => b.score - a.score || a.j - b.j);
    return scored.slice(0, k).map(({ j }) => j);
  });
}

describe('topKNeighbours (blocked Gemm + TopK on onnxruntime)', () => {
  it('matches a per-pair loop, across block boundaries', async () => {
    const random = mulberry32(11);
    const rows = 301;
    const dim = 24;
    const matrix = new Float32Array(rows * dim).map(() => random() - 0.5);
    const expected = bruteForce(matrix, dim, 5);
    const { indices, scores } = await topKNeighbours(matrix, dim, { k: 5, blockRows: 64 });
    let agree = 0;
    for (let i = 0; i < rows; i++) {
      const found = [...indices.subarray(i * 5, i * 5 + 5)];
      expect(found).not.toContain(i);
      // Scores computed in a different summation order can swap near-ties; the set must still agree.
      agree += found.filter((j) => expected[i]?.includes(j)).length;
      for (let j = 1; j < 5; j++) expect(scores[i * 5 + j]).toBeLessThanOrEqual(scores[i * 5 + j - 1] as number);
    }
    expect(agree / (rows * 5)).toBeGreaterThan(0.99);
  });

  it('pads with -1 when fewer than k other rows exist', async () => {
    const { indices } = await topKNeighbours(new Float32Array([1, 0, 0, 1, 1, 1]), 2, { k: 3 });
    expect([...indices]).toEqual([2, 1, -1, 2, 0, -1, 0, 1, -1]);
  });
});

describe('concatFeatures', () => {
  it('normalises each modality, leaves missing ones at zero, and drops items with no vector', () => {
    const text = { dimension: 2, vectors: new Map([[1, new Float32Array([3, 4])], [2, new Float32Array([1, 0])]]) };
    const image = { dimension: 1, vectors: new Map([[2, new Float32Array([10])], [3, new Float32Array([-2])]]) };
    const result = concatFeatures([text, image]);
    expect(result.itemIds).toEqual([1, 2, 3]);
    expect(result.dimension).toBe(3);
    expect([...result.matrix].map((v) => Number(v.toFixed(3)))).toEqual([0.6, 0.8, 0, 1, 0, 1, 0, 0, -1]);
  });
});
