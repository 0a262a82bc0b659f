import { LRUCache } from 'lru-cache';
import type { CacheGate } from './change-feed.ts';
import { InvalidationClock } from './invalidation-clock.ts';
import type { RecommendationResult } from './recommend.ts';

interface Entry {
  result: RecommendationResult;
  /** The user whose history it came from (database id); none for an anonymous sequence. */
  userId?: number;
}

export interface CacheCounters {
  hits: number;
  misses: number;
  /** Answers computed but not kept: something they read changed meanwhile, or notifications were not arriving. */
  skipped: number;
  entries: number;
  capacity: number;
}

/**
 * Model-served recommendation lists, kept until what they were computed from changes: a user's entries go when an
 * event (or the user record) of theirs changes, everything goes when an item changes (a new, archived or edited
 * item changes which lists are valid) or when change notifications may have been missed. A key names the request
 * (subject and arguments), the model version and the catalog's generation, so a swap or a catalog change never
 * serves an old list. Caching is off (every request computes) while the gate says notifications are not arriving,
 * and a lookup first passes the gate's barrier, so a write committed before the request is always reflected.
 */
export class RecommendationCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly keysByUser = new Map<number, Set<string>>();
  private readonly clock = new InvalidationClock();
  private counters = { hits: 0, misses: 0, skipped: 0 };

  constructor(readonly capacity: number, private readonly gate: CacheGate) {
    this.entries = new LRUCache<string, Entry>({
      max: Math.max(1, capacity),
      // Evicted or replaced entries leave the user index too (an invalidation then has nothing stale to find).
      dispose: (entry, key) => {
        if (entry.userId === undefined) return;
        const keys = this.keysByUser.get(entry.userId);
        keys?.delete(key);
        if (keys?.size === 0) this.keysByUser.delete(entry.userId);
      },
    });
  }

  get enabled(): boolean {
    return this.capacity > 0 && this.gate.live();
  }

  /**
   * Passes the barrier (always), then names the answer (`key` is called only then: what the barrier brought in, such
   * as warm-ups placed in the catalog, changes the name) and returns the kept one, if any. No key when nothing may
   * be kept: caching is off, or the barrier could not be passed. A request passes its own `barrier` (see
   * Serving.requestBarrier) so that the list and its item rows share one.
   */
  async lookup(key: () => string, barrier: () => Promise<boolean> = () => this.gate.sync()): Promise<{ key?: string; result?: RecommendationResult }> {
    // Passed even when nothing is kept: the answer computed instead ranks with the served catalog, which the same
    // barrier brings up to date. Enabled is asked after it: the notification connection may have dropped meanwhile.
    if (!(await barrier()) || !this.enabled) return {};
    const named = key();
    return { key: named, result: this.get(named) };
  }

  /** Read before computing an answer; pass to `set`. */
  begin(): number {
    return this.clock.now();
  }

  get(key: string): RecommendationResult | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (entry) this.counters.hits++;
    else this.counters.misses++;
    return entry?.result;
  }

  /** Keeps `result` unless the user (or everything) was invalidated after `begin()` returned `start`. */
  set(key: string, result: RecommendationResult, userId: number | undefined, start: number): void {
    if (!this.enabled || !this.clock.unchangedSince(start, userId)) {
      this.counters.skipped++;
      return;
    }
    this.entries.set(key, { result, userId });
    if (userId !== undefined) {
      let keys = this.keysByUser.get(userId);
      if (!keys) this.keysByUser.set(userId, (keys = new Set()));
      keys.add(key);
    }
  }

  /** These users' events or records changed (database ids). */
  invalidateUsers(userIds: Iterable<number>): void {
    const ids = [...userIds];
    this.clock.invalidate(ids);
    for (const id of ids) for (const key of [...(this.keysByUser.get(id) ?? [])]) this.entries.delete(key);
  }

  clear(): void {
    this.clock.invalidateAll();
    this.entries.clear();
    this.keysByUser.clear();
  }

  stats(): CacheCounters {
    return { ...this.counters, entries: this.entries.size, capacity: this.capacity };
  }
}
