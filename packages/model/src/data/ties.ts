import type { Rng } from '../engine/index.ts';

/** Which events count as tied: each sequence's times, and how far apart consecutive events of one run may be. */
export interface TieRuns {
  times: readonly Float64Array[];
  /** Events at most this many seconds after the one before them share its run (0: only equal times). */
  gapSeconds: number;
}

/**
 * A copy of each sequence with the items of every run of equal timestamps put in a random order. Events that share
 * a timestamp (a page of ratings submitted at once: half of MovieLens-100K's consecutive events) have no order of
 * their own: the order the data lists them in is arbitrary, so a model should not learn it. Sequences without times
 * (or of another length than their times) come back as they are. With `gapSeconds` g > 0 a run goes on while each
 * event comes at most g after the one before it (consecutive pages of one sitting); with 0 (the default) it never
 * crosses into another timestamp.
 */
export function shuffleWithinTies(sequences: readonly Int32Array[], times: readonly Float64Array[], rng: Rng, gapSeconds = 0): Int32Array[] {
  return sequences.map((sequence, index) => {
    const stamps = times[index];
    if (!stamps || stamps.length !== sequence.length) return sequence;
    let copy: Int32Array | undefined;
    for (let start = 0; start < sequence.length; ) {
      let end = start + 1;
      while (end < sequence.length && stamps[end]! - stamps[end - 1]! <= gapSeconds) end++;
      if (end - start > 1) {
        copy ??= sequence.slice();
        rng.shuffle(copy.subarray(start, end));
      }
      start = end;
    }
    return copy ?? sequence;
  });
}
