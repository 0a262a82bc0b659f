import { Rng } from '../engine/index.ts';

/** A training batch as plain arrays, [B, T] row-major, ready to copy into a graph or a shared buffer. */
export interface RawBprBatch {
  B: number;
  T: number;
  /** Inputs, left-aligned, 0 = padding. */
  items: Int32Array;
  /** Next item per position, 0 where there is none. */
  positives: Int32Array;
  /** One uniform negative per position with a target (never the target itself), else 0. */
  negatives: Int32Array;
  /** Positions with a target. */
  normalizer: number;
}

/** Builds a batch from windows of up to T + 1 items: input = window[0..n−1), positive = window[1..n). */
export function bprBatch(windows: readonly Int32Array[], T: number, numItems: number, rng: Rng): RawBprBatch {
  const B = windows.length;
  const items = new Int32Array(B * T);
  const positives = new Int32Array(B * T);
  const negatives = new Int32Array(B * T);
  let normalizer = 0;
  windows.forEach((window, b) => {
    const n = Math.min(window.length - 1, T);
    const start = window.length - 1 - n;
    for (let t = 0; t < n; t++) {
      const target = window[start + t + 1]!;
      items[b * T + t] = window[start + t]!;
      positives[b * T + t] = target;
      negatives[b * T + t] = sampleNegative(rng, numItems, target);
      normalizer++;
    }
  });
  return { B, T, items, positives, negatives, normalizer };
}

function sampleNegative(rng: Rng, numItems: number, target: number): number {
  if (numItems < 2) return target;
  let item = rng.int(1, numItems + 1);
  while (item === target) item = rng.int(1, numItems + 1);
  return item;
}

/** One epoch of batches over shuffled windows (seeded: same seed and epoch → same batches and negatives). */
export function* epochBatches(windows: readonly Int32Array[], batchSize: number, T: number, numItems: number, seed: number, epoch: number): Generator<RawBprBatch> {
  const rng = new Rng((seed * 1_000_003 + epoch) >>> 0);
  const order = rng.shuffle([...windows.keys()]);
  for (let start = 0; start < order.length; start += batchSize) {
    yield bprBatch(order.slice(start, start + batchSize).map((i) => windows[i]!), T, numItems, rng);
  }
}
