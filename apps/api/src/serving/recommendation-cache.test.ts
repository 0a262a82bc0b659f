import { describe, expect, it } from 'vitest';
import { parseChange } from './change-feed.ts';
import { RecommendationCache } from './recommendation-cache.ts';
import type { RecommendationResult } from './recommend.ts';

const answer = (historyLength: number): RecommendationResult => ({
  items: [{ itemId: 1, score: 0.5, rank: 1 }],
  weights: { id: 0.5, text: 0.5 },
  historyLength,
  userId: 7,
  fewShot: true,
  path: 'few_shot',
  fewShotReason: `${historyLength} events, fewer than the cold threshold (20): the model adapted to them before ranking`,
  source: 'MODEL',
  reason: null,
  modelVersion: { id: 1, name: 'v1' },
});

const always = { live: () => true, sync: async () => true };

describe('the recommendation cache', () => {
  it('keeps answers per key and forgets exactly the users named', () => {
    const cache = new RecommendationCache(100, always);
    cache.set('a', answer(1), 1, cache.begin());
    cache.set('a-first-5', answer(1), 1, cache.begin());
    cache.set('b', answer(2), 2, cache.begin());
    cache.set('sequence', answer(3), undefined, cache.begin());
    expect(cache.get('a')?.historyLength).toBe(1);
    cache.invalidateUsers([1]);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('a-first-5')).toBeUndefined();
    expect(cache.get('b')?.historyLength).toBe(2);
    expect(cache.get('sequence')?.historyLength).toBe(3);
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('sequence')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 3, misses: 4, skipped: 0, entries: 0 });
  });

  it('does not keep an answer whose user (or everything) was invalidated while it was computed', () => {
    const cache = new RecommendationCache(100, always);
    const started = cache.begin();
    cache.invalidateUsers([1]);
    cache.set('a', answer(1), 1, started);
    cache.set('b', answer(2), 2, started);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    const again = cache.begin();
    cache.clear();
    cache.set('c', answer(3), 3, again);
    cache.set('sequence', answer(4), undefined, again);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('sequence')).toBeUndefined();
    expect(cache.stats().skipped).toBe(3);
  });

  it('keeps nothing and answers nothing while notifications are not arriving', () => {
    let live = true;
    const cache = new RecommendationCache(100, { live: () => live, sync: async () => live });
    cache.set('a', answer(1), 1, cache.begin());
    live = false;
    expect(cache.enabled).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', answer(2), 2, cache.begin());
    live = true;
    expect(cache.get('b')).toBeUndefined();
    expect(new RecommendationCache(0, always).enabled).toBe(false);
  });

  it('evicts the least recently used answer, and an evicted one leaves the user index', () => {
    const cache = new RecommendationCache(2, always);
    cache.set('a', answer(1), 1, cache.begin());
    cache.set('b', answer(2), 2, cache.begin());
    cache.get('a');
    cache.set('c', answer(3), 1, cache.begin());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    cache.invalidateUsers([1]);
    expect(cache.stats().entries).toBe(0);
  });

  it('names the answer after the barrier: what the barrier brings in (a warm-up placed in the catalog) is in the key', async () => {
    const cache = new RecommendationCache(10, always);
    let generation = 1;
    const barrier = async () => {
      generation++;
      return true;
    };
    const first = await cache.lookup(() => `answer@${generation}`, barrier);
    expect(first).toEqual({ key: 'answer@2', result: undefined });
    cache.set(first.key!, answer(1), 1, cache.begin());
    // A barrier that brings nothing in finds the answer kept under the name it had then.
    expect((await cache.lookup(() => `answer@${generation}`, async () => true)).result?.historyLength).toBe(1);
    // One that cannot be passed (notifications not arriving) names nothing, so nothing is kept from that request.
    expect(await cache.lookup(() => `answer@${generation}`, async () => false)).toEqual({});
  });
});

describe('change notifications as the triggers send them', () => {
  it('reads ids and "all", and refuses anything else', () => {
    expect(parseChange('{"table" : "interactions", "ids" : [1,2]}')).toEqual({ table: 'interactions', ids: [1, 2] });
    expect(parseChange('{"table" : "items", "all" : true}')).toEqual({ table: 'items', ids: 'all' });
    expect(parseChange('{"table" : "model_versions", "all" : true}')).toEqual({ table: 'model_versions', ids: 'all' });
    for (const bad of ['', 'null', '{"table":"keys","ids":[1]}', '{"table":"items","ids":["1"]}', '{"table":"items"}', '{"table":"users","ids":[1.5]}']) {
      expect(parseChange(bad)).toBeNull();
    }
  });
});
