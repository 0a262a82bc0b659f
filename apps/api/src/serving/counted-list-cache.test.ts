import { describe, expect, it } from 'vitest';
import { CountedListCache } from './counted-list-cache.ts';

describe('lists of users without history kept for a few seconds', () => {
  const list = (itemId: number) => [{ itemId, count: 3 }];

  it('reuses a list until its time is up, then counts afresh', async () => {
    const cache = new CountedListCache(10, { live: () => true, sync: async () => true }, 80);
    let computed = 0;
    const compute = async () => list(++computed);
    expect(await cache.get('k', compute)).toEqual(list(1));
    expect(await cache.get('k', compute)).toEqual(list(1));
    expect(await cache.get('other', compute)).toEqual(list(2));
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 2 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await cache.get('k', compute)).toEqual(list(3));
    cache.clear();
    expect(await cache.get('k', compute)).toEqual(list(4));
  });

  it('keeps nothing while notifications are not arriving, or with no room', async () => {
    let live = false;
    const offline = new CountedListCache(10, { live: () => live, sync: async () => live }, 60_000);
    let computed = 0;
    const compute = async () => list(++computed);
    await offline.get('k', compute);
    await offline.get('k', compute);
    expect([computed, offline.size]).toEqual([2, 0]);
    // Notifications stopped while a list was computed: it is answered, not kept.
    live = true;
    await offline.get('k', async () => {
      live = false;
      return compute();
    });
    live = true;
    expect(offline.size).toBe(0);
    const none = new CountedListCache(0, { live: () => true, sync: async () => true });
    await none.get('k', compute);
    expect(none.size).toBe(0);
  });
});
