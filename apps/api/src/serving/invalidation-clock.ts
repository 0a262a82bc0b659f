/**
 * Tells whether a value computed from the database may still be kept: each invalidation advances the clock, and a
 * value is stored only if nothing it depends on was invalidated after its computation began. Without this, a
 * request that read a user's history just before an event committed could store its now-stale answer just after
 * the event's invalidation went by.
 */
export class InvalidationClock {
  private tick = 0;
  private everythingAt = 0;
  private readonly keysAt = new Map<number, number>();

  /** Read before reading the database; pass to `unchangedSince` when storing. */
  now(): number {
    return this.tick;
  }

  invalidate(keys: Iterable<number>): void {
    this.tick++;
    for (const key of keys) this.keysAt.set(key, this.tick);
    // Only computations in flight need the per-key times: when the map grows large, one global tick replaces it.
    if (this.keysAt.size > 10_000) this.invalidateAll();
  }

  invalidateAll(): void {
    this.everythingAt = ++this.tick;
    this.keysAt.clear();
  }

  /** True when neither everything nor `key` (if given) was invalidated after `start`. */
  unchangedSince(start: number, key?: number): boolean {
    if (this.everythingAt > start) return false;
    return key === undefined || (this.keysAt.get(key) ?? 0) <= start;
  }
}
