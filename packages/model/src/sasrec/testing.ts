// Small random SASRec batches for tests (not part of the public API).
import { Graph, Rng } from '../engine/index.ts';
import { paddedIds } from '../engine/testing/op-cases.ts';
import type { BprBatch } from './sasrec.ts';

export interface RawBatch {
  B: number;
  T: number;
  items: number[];
  positives: number[];
  negatives: number[];
  normalizer: number;
}

/** Left-aligned sequences with padding, targets = next item (0 at the end), uniform negatives. */
export function randomBatch(B: number, T: number, numItems: number, seed: number): RawBatch {
  const rng = new Rng(seed);
  const full = paddedIds(B, T + 1, numItems + 1, seed);
  const items: number[] = [];
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const item = full[b * (T + 1) + t]!;
      const next = item === 0 ? 0 : full[b * (T + 1) + t + 1]!;
      items.push(item);
      positives.push(next);
      negatives.push(next === 0 ? 0 : rng.int(1, numItems + 1));
    }
  }
  return { B, T, items, positives, negatives, normalizer: positives.filter((p) => p > 0).length };
}

export function toBprBatch(g: Graph, raw: RawBatch): BprBatch {
  const shape = [raw.B, raw.T];
  return { items: g.ints(raw.items, shape), positives: g.ints(raw.positives, shape), negatives: g.ints(raw.negatives, shape), normalizer: raw.normalizer };
}
