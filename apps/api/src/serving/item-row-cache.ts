import { LRUCache } from 'lru-cache';
import type { Item } from '@fewshot/db';
import type { CacheGate } from './change-feed.ts';
import { InvalidationClock } from './invalidation-clock.ts';

/**
 * Item rows shared by every request of this process (every recommendation list loads its items): a row stays until
 * a change notification names its item (or everything, or notifications stop arriving). Off while the gate says
 * notifications are not arriving; a read first passes the gate's barrier (see RecommendationCache).
 */
export class ItemRowCache {
  private readonly rows: LRUCache<number, Item>;
  private readonly clock = new InvalidationClock();

  constructor(readonly capacity: number, private readonly gate: CacheGate) {
    this.rows = new LRUCache<number, Item>({ max: Math.max(1, capacity) });
  }

  get enabled(): boolean {
    return this.capacity > 0 && this.gate.live();
  }

  /**
   * The rows of those `ids` that exist (in no particular order), reading only the ones not kept through `load` and
   * keeping what it returns unless the item changed while it was read. `barrier`: the request's own (see
   * RecommendationCache.lookup).
   */
  async getMany(ids: readonly number[], load: (ids: readonly number[]) => Promise<Item[]>, barrier: () => Promise<boolean> = () => this.gate.sync()): Promise<Item[]> {
    if (!this.enabled || !(await barrier())) return load(ids);
    const found = new Map<number, Item>();
    const missing: number[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row) found.set(id, row);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const start = this.clock.now();
      for (const row of await load(missing)) {
        found.set(row.id, row);
        if (this.enabled && this.clock.unchangedSince(start, row.id)) this.rows.set(row.id, row);
      }
    }
    return [...found.values()];
  }

  invalidate(itemIds: Iterable<number>): void {
    const ids = [...itemIds];
    this.clock.invalidate(ids);
    for (const id of ids) this.rows.delete(id);
  }

  clear(): void {
    this.clock.invalidateAll();
    this.rows.clear();
  }

  get size(): number {
    return this.rows.size;
  }
}
