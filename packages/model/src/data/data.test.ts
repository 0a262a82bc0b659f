import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/index.ts';
import { bprBatch, epochBatches } from './bpr-batches.ts';
import { leaveOneOut } from './leave-one-out.ts';
import { validateDataset } from './sequence-dataset.ts';
import { shuffleWithinTies } from './ties.ts';
import { trainingWindows } from './windows.ts';

describe('leaveOneOut', () => {
  it('holds out the last item for test and the one before for validation', () => {
    const split = leaveOneOut({ numItems: 9, sequences: [Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(6, 7), Int32Array.of(8)] });
    expect(Array.from(split.train[0]!)).toEqual([1, 2, 3]);
    expect(split.valid).toEqual([{ user: 0, history: Int32Array.of(1, 2, 3), target: 4 }]);
    expect(split.test).toEqual([{ user: 0, history: Int32Array.of(1, 2, 3, 4), target: 5 }, { user: 1, history: Int32Array.of(6), target: 7 }]);
    expect(split.train[1]!.length).toBe(0);
  });
});

describe('trainingWindows', () => {
  it('makes every item after the first a target exactly once, windows of at most maxLength + 1', () => {
    const sequence = Int32Array.from({ length: 12 }, (_, i) => i + 1);
    const windows = trainingWindows([sequence], 5);
    expect(windows.map((w) => Array.from(w))).toEqual([[7, 8, 9, 10, 11, 12], [2, 3, 4, 5, 6, 7], [1, 2]]);
    const targets = windows.flatMap((w) => Array.from(w.subarray(1)));
    expect(targets.sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i + 2));
  });

  it("anchored at the start, opens every sequence's first window at its first item", () => {
    const sequence = Int32Array.from({ length: 12 }, (_, i) => i + 1);
    const windows = trainingWindows([sequence, Int32Array.of(20, 21), Int32Array.of(30)], 5, 'start');
    expect(windows.map((w) => Array.from(w))).toEqual([[1, 2, 3, 4, 5, 6], [6, 7, 8, 9, 10, 11], [11, 12], [20, 21]]);
    const targets = windows.slice(0, 3).flatMap((w) => Array.from(w.subarray(1)));
    expect(targets.sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i + 2));
    expect(trainingWindows([Int32Array.from({ length: 11 }, (_, i) => i)], 5, 'start').map((w) => w.length)).toEqual([6, 6]);
  });
});

describe('shuffleWithinTies', () => {
  const sequence = Int32Array.of(1, 2, 3, 4, 5, 6, 7);
  const times = Float64Array.of(10, 20, 20, 20, 30, 40, 40);

  it('reorders items only inside runs of equal times, keeping every item', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const [shuffled] = shuffleWithinTies([sequence], [times], new Rng(seed));
      expect(shuffled![0]).toBe(1);
      expect(shuffled![4]).toBe(5);
      expect(Array.from(shuffled!.subarray(1, 4)).sort()).toEqual([2, 3, 4]);
      expect(Array.from(shuffled!.subarray(5)).sort()).toEqual([6, 7]);
      orders.add(Array.from(shuffled!).join());
    }
    expect(orders.size).toBe(6 * 2); // every order of the run of three times both orders of the run of two
    expect(Array.from(sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]); // the input is not touched
  });

  it('with a gap in seconds, lets a run go on across events that close to the one before, and no further', () => {
    const stamps = Float64Array.of(10, 20, 20, 25, 90, 95, 200);
    const seen = Array.from({ length: 7 }, () => new Set<number>());
    for (let seed = 0; seed < 200; seed++) {
      const [shuffled] = shuffleWithinTies([sequence], [stamps], new Rng(seed), 10);
      expect(Array.from(shuffled!.subarray(0, 4)).sort()).toEqual([1, 2, 3, 4]); // 10, 20, 20, 25: gaps ≤ 10
      expect(Array.from(shuffled!.subarray(4, 6)).sort()).toEqual([5, 6]); // 90, 95: 65 s after the run before
      expect(shuffled![6]).toBe(7);
      shuffled!.forEach((item, i) => seen[i]!.add(item));
    }
    expect(seen.map((s) => s.size)).toEqual([4, 4, 4, 4, 2, 2, 1]);
    // Gap 0 is the same as equal times, with the same draws.
    expect(Array.from(shuffleWithinTies([sequence], [times], new Rng(5), 0)[0]!)).toEqual(Array.from(shuffleWithinTies([sequence], [times], new Rng(5))[0]!));
  });

  it('returns sequences without ties, or without matching times, as they are', () => {
    const distinct = Int32Array.of(1, 2, 3);
    const [same, unmatched] = shuffleWithinTies([distinct, sequence], [Float64Array.of(1, 2, 3), Float64Array.of(5, 5)], new Rng(1));
    expect(same).toBe(distinct);
    expect(unmatched).toBe(sequence);
  });
});

describe('bprBatch', () => {
  it('left-aligns inputs, shifts targets by one and never samples the target as its negative', () => {
    const batch = bprBatch([Int32Array.of(4, 5, 6), Int32Array.of(7, 8)], 4, 3 + 5, new Rng(1));
    expect(Array.from(batch.items)).toEqual([4, 5, 0, 0, 7, 0, 0, 0]);
    expect(Array.from(batch.positives)).toEqual([5, 6, 0, 0, 8, 0, 0, 0]);
    expect(batch.normalizer).toBe(3);
    batch.negatives.forEach((neg, i) => {
      if (batch.positives[i] === 0) expect(neg).toBe(0);
      else {
        expect(neg).not.toBe(batch.positives[i]);
        expect(neg).toBeGreaterThanOrEqual(1);
        expect(neg).toBeLessThanOrEqual(8);
      }
    });
  });

  it('produces the same epoch for the same seed and a different one for another epoch', () => {
    const windows = Array.from({ length: 10 }, (_, i) => Int32Array.of(i + 1, i + 2, i + 3));
    const first = [...epochBatches(windows, 4, 3, 20, 7, 1)];
    const again = [...epochBatches(windows, 4, 3, 20, 7, 1)];
    const other = [...epochBatches(windows, 4, 3, 20, 7, 2)];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first.map((b) => b.B)).toEqual([4, 4, 2]);
  });
});

describe('validateDataset', () => {
  it('rejects ids outside 1..numItems', () => {
    expect(() => validateDataset({ numItems: 3, sequences: [Int32Array.of(1, 4)] })).toThrow(/outside 1..3/);
    expect(() => validateDataset({ numItems: 3, sequences: [Int32Array.of(0)] })).toThrow(/outside/);
  });
});
