import type { ort } from '@fewshot/onnx/session';

/** The cache key of a known user's adaptation (anonymous sequences are keyed by their items instead). */
export const userAdaptationKey = (userId: number): string => `user:${userId}`;

interface Entry {
  historyKey: string;
  feeds: Record<string, ort.Tensor>;
}

/**
 * Each cold user's adapted local modules (about 1.2 MB for three learners at D = 64), least recently used first
 * out. An entry is valid only for the exact history it was adapted on, so a new event invalidates it by itself.
 */
export class AdaptationCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  get(user: string, historyKey: string): Record<string, ort.Tensor> | undefined {
    const entry = this.entries.get(user);
    if (!entry || entry.historyKey !== historyKey) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: Map iteration order is insertion order, so the first key is always the least recently used.
    this.entries.delete(user);
    this.entries.set(user, entry);
    return entry.feeds;
  }

  set(user: string, historyKey: string, feeds: Record<string, ort.Tensor>): void {
    if (this.capacity <= 0) return;
    this.entries.delete(user);
    this.entries.set(user, { historyKey, feeds });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Drops a user's entry (their events changed, or they were deleted). */
  invalidate(user: string): void {
    this.entries.delete(user);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
