/** Before this share of the run, or this many seconds, the pace says too little about the rest to tell an end. */
const MIN_FRACTION = 0.01;
const MIN_SECONDS = 10;

/**
 * When a run will end, read from its overall fraction: elapsed × (1 − f) / f more, which holds as far as the fraction
 * moves at a steady pace (the model's stage weights are fitted so it does on the demo catalog). The very first
 * seconds (reading the snapshot, a learner's first batches) say little about the rest, so nothing is told until the
 * run is 1% and 10 s in (on the demo catalog 1% takes 18 s); as stages pass, the estimate takes in how fast this
 * machine and this catalog really go.
 */
export class FinishEstimate {
  private readonly startedAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  /** The likely end for a run `fraction` (0..1) done; undefined while it cannot be told, and once it is done. */
  at(fraction: number): Date | undefined {
    const now = this.now();
    const elapsed = now - this.startedAt;
    if (!(fraction >= MIN_FRACTION) || fraction >= 1 || elapsed < MIN_SECONDS * 1000) return undefined;
    return new Date(now + (elapsed * (1 - fraction)) / fraction);
  }
}
