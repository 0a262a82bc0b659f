import { describe, expect, it } from 'vitest';
import { createEngine, Rng } from '../engine/index.ts';
import { nearestNeighbours, topK } from './neighbours.ts';

// Small whole numbers: every dot product is exact in float32, so the brute force below agrees to the tie.
function features(rows: number, size: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const table = new Float32Array(rows * size);
  for (let i = size; i < table.length; i++) table[i] = rng.int(-3, 4);
  return table;
}

function bruteForce(table: Float32Array, size: number, k: number): Int32Array {
  const rows = table.length / size;
  const out = new Int32Array(rows * k);
  for (let r = 1; r < rows; r++) {
    const scores = new Float64Array(rows);
    for (let j = 1; j < rows; j++) for (let f = 0; f < size; f++) scores[j]! += table[r * size + f]! * table[j * size + f]!;
    out.set(topK(scores, k, r), r * k);
  }
  return out;
}

describe('nearestNeighbours', () => {
  const table = features(701, 24, 3); // 700 items and the padding row, blocks of 64 rows: a ragged last block
  const expected = bruteForce(table, 24, 5);

  it('gives every row its k best other rows by dot product (ties to the lower index), never row 0', async () => {
    const found = await nearestNeighbours(createEngine(), table, 24, 5, { blockRows: 64 });
    expect(Array.from(found)).toEqual(Array.from(expected));
    expect(Array.from(found.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(found.subarray(5)).includes(0)).toBe(false);
  });

  it('shares its blocks between threads and finds exactly what one thread finds', async () => {
    // Large enough (about 2·10⁹ multiply-adds in 250 blocks) for the helper to take blocks while this thread does.
    const large = features(4001, 128, 4);
    const alone = await nearestNeighbours(createEngine(), large, 128, 10, { blockRows: 16 });
    let shares: number[] = [];
    const shared = await nearestNeighbours(createEngine(), large, 128, 10, { blockRows: 16, threads: 2, threadedAbove: 0, onBlocks: (b) => (shares = b) });
    expect(Array.from(shared)).toEqual(Array.from(alone));
    expect(shares).toHaveLength(2);
    expect(shares[0]! + shares[1]!).toBe(250);
    expect(shares[1]).toBeGreaterThan(0);
  });
});
