import { LRUCache } from 'lru-cache';
import type { CacheGate } from './change-feed.ts';

type CountedList = Array<{ itemId: number; count: number }>;

/** How long a counted list is reused: counts move by a few events in that time, never by which items are servable. */
export const COUNTED_LIST_TTL_MS = 10_000;

/**
 * Lists of users without history (counts over every event: 0.1–0.4 s of the embedded database per list on the demo
 * catalog, and the most common request of a shop's landing page), reused for a few seconds. Unlike model-served
 * lists they are not kept until something changes (any event anywhere changes a count), but for COUNTED_LIST_TTL_MS:
 * a list may miss the last seconds' events, never an item change. Item changes (archived, new, edited genres) clear
 * every list, so do missed notifications, and nothing is reused while notifications are not arriving. Callers pass
 * the request's barrier before asking, as for any model-served answer.
 */
export class CountedListCache {
  private readonly lists: LRUCache<string, CountedList>;
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number, private readonly gate: CacheGate, ttlMs = COUNTED_LIST_TTL_MS) {
    this.lists = new LRUCache<string, CountedList>({ max: Math.max(1, capacity), ttl: ttlMs });
  }

  get enabled(): boolean {
    return this.capacity > 0 && this.gate.live();
  }

  /** The kept list for `key`, or `compute`'s (kept when caching is on). */
  async get(key: string, compute: () => Promise<CountedList>): Promise<CountedList> {
    if (!this.enabled) return compute();
    const kept = this.lists.get(key);
    if (kept) {
      this.hits++;
      return kept;
    }
    this.misses++;
    const list = await compute();
    // The connection may have dropped while it was computed: then it may reflect a change nobody will clear it for.
    if (this.enabled) this.lists.set(key, list);
    return list;
  }

  clear(): void {
    this.lists.clear();
  }

  get size(): number {
    return this.lists.size;
  }
}
