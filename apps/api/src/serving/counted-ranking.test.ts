import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { firstItemsScores, type ColdStartSplit, type FirstItemsPolicy } from '@fewshot/model/coldstart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countItems, servableTop, type CountSpec, type ServableOptions } from './counted-ranking.ts';

const targets = await testDatabaseTargets();
const DAY = 86_400;

// Users' events as (item index, days before the latest event): ties in counts on purpose, so the tie-breaks matter.
const HISTORIES: Array<Array<[number, number]>> = [
  [[1, 40], [2, 39], [3, 1]],
  [[1, 30], [4, 2], [4, 0.5]],
  [[5, 20], [2, 3], [6, 0]],
  [[5, 10], [6, 9], [2, 8], [3, 1.5]],
  [[4, 6], [1, 5]],
  [[6, 4], [5, 0.2]],
];
const ITEMS = 7; // item 7 is never picked: no list shows it

/** A list as serving makes it: the spec's counts, filtered with current item rows. */
const firstItems = async (db: TestDatabase, spec: CountSpec, options: ServableOptions) => servableTop(db, await countItems(db, spec), options);

describe.each(targets)('what users without history get, in SQL on $kind', ({ create }) => {
  let db: TestDatabase;
  let itemIds: number[] = [];
  const latest = Date.UTC(2026, 10, 30, 12) / 1000;

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: Array.from({ length: ITEMS }, (_, i) => ({ externalId: `i${i + 1}`, title: `Item ${i + 1}`, attributes: { genres: i % 2 === 0 ? ['Comedy'] : ['Drama'] } })) });
    itemIds = (await db.prisma.item.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((item) => item.id);
    for (const [u, history] of HISTORIES.entries()) {
      const user = await db.prisma.user.create({ data: { externalId: `u${u}` } });
      await db.prisma.interaction.createMany({ data: history.map(([item, daysAgo]) => ({ userId: user.id, itemId: itemIds[item - 1]!, occurredAt: new Date((latest - daysAgo * DAY) * 1000) })) });
    }
  });
  afterAll(async () => {
    await db?.dispose();
  });

  /** The order training ranks by (firstItemsScores over the same events, split at the latest one). */
  function trainingOrder(policy: FirstItemsPolicy): number[] {
    const sorted = HISTORIES.map((history) => [...history].sort((a, b) => b[1] - a[1]));
    const split = {
      numItems: ITEMS,
      splitTime: latest,
      oldSequences: sorted.map((history) => Int32Array.from(history, ([item]) => item)),
      oldTimes: sorted.map((history) => Float64Array.from(history, ([, daysAgo]) => latest - daysAgo * DAY)),
    } as ColdStartSplit;
    const scores = firstItemsScores(split, policy);
    const picked = new Set(HISTORIES.flat().map(([item]) => item));
    return [...picked].sort((a, b) => scores[b]! - scores[a]! || a - b).map((item) => itemIds[item - 1]!);
  }

  const policies: FirstItemsPolicy[] = [{ kind: 'all-time' }, { kind: 'recent', days: 2 }, { kind: 'recent', days: 7 }, { kind: 'first-events', events: 1 }, { kind: 'first-events', events: 2 }];
  it.each(policies.map((policy) => [JSON.stringify(policy), policy] as const))('ranks as training does under %s', async (_, policy) => {
    const listed = await firstItems(db, policy, { first: 100 });
    expect(listed.map((item) => item.itemId)).toEqual(trainingOrder(policy));
  });

  it('counts each user\'s first event, and keeps to the genres asked for and out of what is excluded', async () => {
    const policy: FirstItemsPolicy = { kind: 'first-events', events: 1 };
    // First events: 1, 1, 5, 5, 4, 6.
    expect((await firstItems(db, policy, { first: 3 })).map((item) => [item.itemId, item.count])).toEqual([[itemIds[0], 2], [itemIds[4], 2], [itemIds[3], 1]]);
    const comedies = await firstItems(db, policy, { first: 10, genres: ['comedy'], exclude: [itemIds[0]!] });
    expect(comedies.map((item) => item.itemId)).toEqual([itemIds[4], itemIds[2]]);
  });
});
