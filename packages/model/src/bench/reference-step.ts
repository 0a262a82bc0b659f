import { Rng } from '../engine/index.ts';
import { bprBatch } from '../data/bpr-batches.ts';
import type { BprTrainer } from '../train/bpr-trainer.ts';

/** MML's reference step: 128 sequences of 50 items. */
export const B = 128;
export const T = 50;

/**
 * A step function for the benchmarks: a few fixed batches of random full-length sequences, cycled, with negatives
 * drawn fresh every step (sampling is part of the step's cost, as in training).
 */
export function referenceSteps(trainer: BprTrainer, numItems: number, seed: number): () => number {
  const rng = new Rng(seed);
  const pool = Array.from({ length: 4 }, () => Array.from({ length: B }, () => Int32Array.from({ length: T + 1 }, () => rng.int(1, numItems + 1))));
  let step = 0;
  return () => trainer.step(bprBatch(pool[step++ % pool.length]!, T, numItems, rng));
}
