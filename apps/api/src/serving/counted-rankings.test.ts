import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { servableTop } from './counted-ranking.ts';
import { CountedRankings } from './counted-rankings.ts';

// The reuse logic is the same on both engines (their SQL is compared in counted-ranking.test.ts): the embedded one.
const [target] = await testDatabaseTargets();

describe('counts behind the lists of users without history, shared by every request for a while', () => {
  let db: TestDatabase;
  let items: number[] = [];
  let user = 0;
  const clock = { now: 1_000_000 };
  const TTL = 10_000;

  /** `n` events on the item at `index`, each by its own new user. */
  async function events(index: number, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const created = await db.prisma.user.create({ data: { externalId: `u${user++}` } });
      await db.prisma.interaction.create({ data: { userId: created.id, itemId: items[index]!, occurredAt: new Date() } });
    }
  }
  const ids = (list: Array<{ itemId: number }>) => list.map((item) => items.indexOf(item.itemId));

  beforeAll(async () => {
    db = await target!.create();
    // 600 items: the first 598 dramas, the last two comedies, so a comedy list has to look far down the ranking.
    await db.prisma.item.createMany({ data: Array.from({ length: 600 }, (_, i) => ({ externalId: `i${i}`, title: `Item ${i}`, attributes: { genres: i >= 598 ? ['Comedy'] : ['Drama'] } })) });
    items = (await db.prisma.item.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((item) => item.id);
    await events(0, 3);
    await events(1, 2);
    await events(2, 1);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('counts once for requests that filter differently, and leaves an archived item out of the next list at once', async () => {
    const rankings = new CountedRankings(db, { reuse: true, ttlMs: TTL, now: () => clock.now });
    const allTime = { kind: 'all-time' } as const;
    expect(ids(await rankings.top(allTime, { first: 2 }))).toEqual([0, 1]);
    expect(ids(await rankings.top(allTime, { first: 3, exclude: [items[0]!] }))).toEqual([1, 2]);
    expect(ids(await rankings.top(allTime, { first: 3, genres: ['comedy'] }))).toEqual([]);
    expect({ hits: rankings.hits, misses: rankings.misses, size: rankings.size }).toEqual({ hits: 2, misses: 1, size: 1 });
    await db.prisma.item.update({ where: { id: items[0]! }, data: { status: 'ARCHIVED' } });
    try {
      expect(ids(await rankings.top(allTime, { first: 2 }))).toEqual([1, 2]);
      expect(rankings.misses).toBe(1);
    } finally {
      await db.prisma.item.update({ where: { id: items[0]! }, data: { status: 'ACTIVE' } });
    }
  });

  it('answers from the kept counts while they are recounted, and waits for a count once nobody asked for long', async () => {
    const rankings = new CountedRankings(db, { reuse: true, ttlMs: TTL, now: () => clock.now });
    const allTime = { kind: 'all-time' } as const;
    expect(ids(await rankings.top(allTime, { first: 3 }))).toEqual([0, 1, 2]);
    await events(2, 3); // item 2 now leads with 4
    clock.now += TTL - 1;
    expect(ids(await rankings.top(allTime, { first: 3 }))).toEqual([0, 1, 2]);
    expect(rankings.misses).toBe(1);
    // Past the reuse time: this request gets the kept counts and starts a recount; a later one gets the new counts.
    clock.now += 2;
    expect(ids(await rankings.top(allTime, { first: 3 }))).toEqual([0, 1, 2]);
    expect(rankings.misses).toBe(2);
    await vi.waitFor(async () => expect(ids(await rankings.top(allTime, { first: 3 }))).toEqual([2, 0, 1]));
    expect(rankings.misses).toBe(2);
    // Twice the reuse time without a request: concurrent requests wait for one count, which sees the newest events.
    await events(1, 5);
    clock.now += 2 * TTL;
    const lists = await Promise.all([1, 2, 3].map(() => rankings.top(allTime, { first: 3 })));
    expect(lists.map(ids)).toEqual([[1, 2, 0], [1, 2, 0], [1, 2, 0]]);
    expect(rankings.misses).toBe(3);
  });

  it('keeps one ranking per count, and counts for every request when reuse is off', async () => {
    const rankings = new CountedRankings(db, { reuse: true, ttlMs: TTL, now: () => clock.now });
    await rankings.top({ kind: 'all-time' }, { first: 1 });
    await rankings.top({ kind: 'first-events', events: 1 }, { first: 1 });
    await rankings.top({ kind: 'window', window: 'DAY' }, { first: 1 });
    await rankings.top({ kind: 'first-events', events: 1 }, { first: 5 });
    expect({ misses: rankings.misses, size: rankings.size }).toEqual({ misses: 3, size: 3 });
    const fresh = new CountedRankings(db, { reuse: false });
    await fresh.top({ kind: 'all-time' }, { first: 1 });
    await fresh.top({ kind: 'all-time' }, { first: 1 });
    expect({ misses: fresh.misses, size: fresh.size }).toEqual({ misses: 2, size: 0 });
  });

  it('counts events in a window back from now for popularItems', async () => {
    for (let i = 0; i < 2; i++) {
      const created = await db.prisma.user.create({ data: { externalId: `early${i}` } });
      await db.prisma.interaction.create({ data: { userId: created.id, itemId: items[5]!, occurredAt: new Date(Date.now() - 2 * 86_400_000) } });
    }
    const rankings = new CountedRankings(db, { reuse: false });
    // Item 1 has 7 events, item 2 4, item 0 3, all made now; item 5 two, two days ago.
    expect(ids(await rankings.top({ kind: 'window', window: 'DAY' }, { first: 10 }))).toEqual([1, 2, 0]);
    expect(ids(await rankings.top({ kind: 'window', window: 'WEEK' }, { first: 10 }))).toEqual([1, 2, 0, 5]);
    expect((await rankings.top({ kind: 'all-time' }, { first: 10 })).map((item) => item.count)).toEqual([7, 4, 3, 2]);
  });

  it('looks further down the ranking until enough items qualify, in the ranking\'s order', async () => {
    // Every item ranked, the two comedies last: the first look (200 rows) finds none, the next finds both.
    const ranking = { itemIds: Int32Array.from(items), counts: Int32Array.from(items, (_, i) => 600 - i) };
    expect(ids(await servableTop(db, ranking, { first: 5, genres: ['comedy'] }))).toEqual([598, 599]);
    expect(ids(await servableTop(db, ranking, { first: 1, genres: ['comedy'] }))).toEqual([598]);
    expect(ids(await servableTop(db, ranking, { first: 2, exclude: items.slice(0, 450) }))).toEqual([450, 451]);
    expect((await servableTop(db, ranking, { first: 2, exclude: items.slice(0, 450) })).map((item) => item.count)).toEqual([150, 149]);
    expect(await servableTop(db, ranking, { first: 3, exclude: items })).toEqual([]);
    // Items the served catalog knows are judged by it (item 0 as archived there), the others by their rows.
    const judge = (itemId: number) => (itemId === items[0] ? false : itemId === items[599] ? true : undefined);
    expect(ids(await servableTop(db, ranking, { first: 3 }, judge))).toEqual([1, 2, 3]);
    expect(ids(await servableTop(db, ranking, { first: 3, genres: ['comedy'] }, judge))).toEqual([598, 599]);
    expect(await servableTop(db, { itemIds: new Int32Array(0), counts: new Int32Array(0) }, { first: 3 })).toEqual([]);
  });
});
