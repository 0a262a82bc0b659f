import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from './list-users.ts';
import { encodeCursor } from './pagination.ts';

const targets = await testDatabaseTargets();

/**
 * Users most recently active first, on both engines: five users whose latest events are out of id order, two of
 * them at the same millisecond (a keyset on the time alone would repeat or skip one at a page's edge), and one
 * user without any event (left out).
 */
describe.each(targets)('listUsers by recent activity on $kind', ({ create }) => {
  let db: TestDatabase;
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

  beforeAll(async () => {
    db = await create();
    const item = await db.prisma.item.create({ data: { externalId: 'film', title: 'Film' } });
    // user → times of its events (the latest decides its place).
    const histories: Array<[string, number[]]> = [['u1', [0, 9000]], ['u2', [5000]], ['u3', [1000, 7000]], ['u4', [7000]], ['u5', [3000]], ['idle', []]];
    for (const [externalId, times] of histories) {
      const user = await db.prisma.user.create({ data: { externalId } });
      for (const [i, ms] of times.entries()) {
        await db.prisma.interaction.create({ data: { clientEventId: `${externalId}-${i}`, userId: user.id, itemId: item.id, kind: 'VIEW', occurredAt: at(ms) } });
      }
    }
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('pages by latest interaction, the higher id first at the same instant, without overlap or gap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const result = await listUsers(db, { first: 2, after, orderBy: 'RECENTLY_ACTIVE' });
      expect(result.totalCount).toBe(5);
      seen.push(...result.nodes.map((user) => user.externalId));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(['u1', 'u4', 'u3', 'u2', 'u5']);
  });

  it('lists only cold or only warm users in either order, counting the filtered list', async () => {
    const ids = async (orderBy: 'OLDEST' | 'RECENTLY_ACTIVE', cold: boolean | null) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result = await listUsers(db, { first: 2, after, orderBy, cold, coldThreshold: 2 });
        seen.push(...result.nodes.map((user) => user.externalId));
        if (!result.pageInfo.hasNextPage) return { seen, total: result.totalCount };
        after = result.pageInfo.endCursor;
      }
    };
    // Two events or more is warm at a threshold of 2; a user without any is cold, and only in catalog order.
    expect(await ids('RECENTLY_ACTIVE', true)).toEqual({ seen: ['u4', 'u2', 'u5'], total: 3 });
    expect(await ids('RECENTLY_ACTIVE', false)).toEqual({ seen: ['u1', 'u3'], total: 2 });
    expect(await ids('OLDEST', true)).toEqual({ seen: ['u2', 'u4', 'u5', 'idle'], total: 4 });
    expect(await ids('OLDEST', false)).toEqual({ seen: ['u1', 'u3'], total: 2 });
    expect(await ids('OLDEST', null)).toEqual({ seen: ['u1', 'u2', 'u3', 'u4', 'u5', 'idle'], total: 6 });
    await expect(listUsers(db, { first: 2, cold: true })).rejects.toThrow('a cold filter needs the cold threshold');
  });

  it('keeps catalog order by default, and refuses a cursor of the other order', async () => {
    const catalog = await listUsers(db, { first: 10 });
    expect(catalog.nodes.map((user) => user.externalId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'idle']);
    await expect(listUsers(db, { first: 2, after: catalog.pageInfo.endCursor ?? encodeCursor([1]), orderBy: 'RECENTLY_ACTIVE' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(listUsers(db, { first: 2, after: encodeCursor([Date.now(), 'x']), orderBy: 'RECENTLY_ACTIVE' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
