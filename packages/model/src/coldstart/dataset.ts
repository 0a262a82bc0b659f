import { validateDataset, type SequenceDataset } from '../data/sequence-dataset.ts';

/**
 * Sequences with the time of every event: what the cold-start protocol needs to split users by time.
 * `timestamps[u]` is aligned with `sequences[u]` (Unix seconds, non-decreasing within a user); same-time events
 * keep their arrival order, so sequences are deterministic (mml-method.md, cold-start v1 step 1).
 */
export interface TimedSequenceDataset extends SequenceDataset {
  timestamps: Float64Array[];
}

/** Throws on the first problem: ids out of range, misaligned or decreasing timestamps. */
export function validateTimedDataset(dataset: TimedSequenceDataset): void {
  validateDataset(dataset);
  if (dataset.timestamps.length !== dataset.sequences.length) {
    throw new Error(`${dataset.timestamps.length} timestamp rows for ${dataset.sequences.length} sequences`);
  }
  dataset.sequences.forEach((sequence, user) => {
    const times = dataset.timestamps[user]!;
    if (times.length !== sequence.length) throw new Error(`user ${user}: ${times.length} timestamps for ${sequence.length} events`);
    for (let i = 1; i < times.length; i++) {
      if (!(times[i]! >= times[i - 1]!)) throw new Error(`user ${user}: event ${i} is earlier than event ${i - 1} (sequences must be in time order)`);
    }
  });
}
