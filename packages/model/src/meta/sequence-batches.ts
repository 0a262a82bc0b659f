import type { Rng } from '../engine/index.ts';
import { bprBatch, type RawBprBatch } from '../data/bpr-batches.ts';

/**
 * A few-shot task's support as one training sequence: input s1..s(m−1), a target at every position (s2..sm),
 * keeping the last maxLength + 1 items. T is the sequence's own length, not maxLength: tasks are short.
 */
export function supportBatch(sequence: Int32Array, maxLength: number, numItems: number, rng: Rng): RawBprBatch {
  const window = sequence.subarray(Math.max(0, sequence.length - maxLength - 1));
  return bprBatch([window], Math.max(1, window.length - 1), numItems, rng);
}

/**
 * The query of a task: the whole sequence s1..sm as input, with a target (and a negative) at the last position
 * only, so the loss is the one sample whose target is the user's last item.
 */
export function queryBatch(sequence: Int32Array, maxLength: number, numItems: number, rng: Rng): RawBprBatch {
  const batch = supportBatch(sequence, maxLength, numItems, rng);
  const last = batch.normalizer - 1;
  for (let t = 0; t < last; t++) {
    batch.positives[t] = 0;
    batch.negatives[t] = 0;
  }
  return { ...batch, normalizer: batch.normalizer > 0 ? 1 : 0 };
}

/** Left-aligned inputs of the last maxLength items of each history: ids [B, T] and lengths [B] for scoring. */
export function historyInputs(histories: readonly Int32Array[], T: number): { items: Int32Array; lengths: number[] } {
  const items = new Int32Array(histories.length * T);
  const lengths = histories.map((history, b) => {
    const recent = history.subarray(Math.max(0, history.length - T));
    items.set(recent, b * T);
    return recent.length;
  });
  return { items, lengths };
}
