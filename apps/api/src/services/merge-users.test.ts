import type { Database } from '@fewshot/db';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeUsers } from './merge-users.ts';
import { recordInteractions } from './record-interactions.ts';
import { deleteUser } from './delete-user.ts';
import { pausingAfter } from './testing/pausing-transactions.ts';

const targets = await testDatabaseTargets();

const eventsOf = async (db: Database, externalId: string) =>
  (await db.sql.query<{ item: string }>('SELECT i.external_id AS item FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id WHERE u.external_id = $1 ORDER BY x.occurred_at, x.id', [externalId])).map((row) => row.item);

describe.each(targets)('mergeUsers on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c', 'd'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('moves every event of the anonymous id into the account, in time order with the account\'s own, and deletes the anonymous user', async () => {
    await recordInteractions(db, [{ userId: 'acct-1', itemId: 'a', occurredAt: at(1) }, { userId: 'acct-1', itemId: 'd', occurredAt: at(9) }]);
    await recordInteractions(db, [{ userId: 'anon-1', itemId: 'b', occurredAt: at(3), clientEventId: 'anon-1-b' }, { userId: 'anon-1', itemId: 'c', occurredAt: at(5) }]);
    await db.prisma.user.update({ where: { externalId: 'acct-1' }, data: { attributes: { locale: 'de', plan: 'pro' } } });
    await db.prisma.user.update({ where: { externalId: 'anon-1' }, data: { attributes: { locale: 'en', referrer: 'newsletter' } } });
    const [account, anonymous] = await Promise.all(['acct-1', 'anon-1'].map((id) => db.prisma.user.findUniqueOrThrow({ where: { externalId: id } })));
    expect(await mergeUsers(db, { from: 'anon-1', into: 'acct-1' })).toEqual({ intoUserId: account!.id, fromUserId: anonymous!.id, movedInteractions: 2 });
    expect(await eventsOf(db, 'acct-1')).toEqual(['a', 'b', 'c', 'd']);
    expect(await db.prisma.user.findUnique({ where: { externalId: 'anon-1' } })).toBeNull();
    // The account's own attributes win; the anonymous visitor's fill what the account lacks.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'acct-1' } })).attributes).toEqual({ locale: 'de', plan: 'pro', referrer: 'newsletter' });
    // Events keep their ids: the client's event id now names the account's event.
    expect((await db.prisma.interaction.findUniqueOrThrow({ where: { clientEventId: 'anon-1-b' } })).userId).toBe(account!.id);
    // The account's activity covers both histories (user_activity's triggers count moved events again); the visitor's is gone.
    expect(await db.prisma.userActivity.findMany({ where: { userId: { in: [account!.id, anonymous!.id] } }, select: { userId: true, firstAt: true, lastAt: true, events: true } })).toEqual([
      { userId: account!.id, firstAt: at(1), lastAt: at(9), events: 4 },
    ]);
  });

  it('creates the account on its first sign-in, with the anonymous visitor\'s events and attributes', async () => {
    await recordInteractions(db, [{ userId: 'anon-2', itemId: 'a' }, { userId: 'anon-2', itemId: 'b' }]);
    await db.prisma.user.update({ where: { externalId: 'anon-2' }, data: { attributes: { locale: 'fr' } } });
    expect(await mergeUsers(db, { from: 'anon-2', into: 'new-account' })).toMatchObject({ movedInteractions: 2 });
    expect(await eventsOf(db, 'new-account')).toEqual(['a', 'b']);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'new-account' } })).attributes).toEqual({ locale: 'fr' });
  });

  it('answers NOT_FOUND for an anonymous id without a user and creates nothing; BAD_USER_INPUT for the same id twice', async () => {
    await expect(mergeUsers(db, { from: 'anon-1', into: 'someone-new' })).rejects.toMatchObject({
      message: 'there is no user "anon-1" to merge (merged or deleted already, or it never recorded an event): nothing to move',
      extensions: { code: 'NOT_FOUND', details: { field: 'input.from' } },
    });
    expect(await db.prisma.user.findUnique({ where: { externalId: 'someone-new' } })).toBeNull();
    await expect(mergeUsers(db, { from: 'acct-1', into: 'acct-1' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'input.from' } } });
    expect(await eventsOf(db, 'acct-1')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('merges a user without events (nothing moves) and lets the anonymous id start afresh with its next event', async () => {
    await db.prisma.user.create({ data: { externalId: 'anon-3' } });
    expect(await mergeUsers(db, { from: 'anon-3', into: 'acct-1' })).toMatchObject({ movedInteractions: 0 });
    await recordInteractions(db, [{ userId: 'anon-3', itemId: 'c' }]);
    expect(await eventsOf(db, 'anon-3')).toEqual(['c']);
    expect(await eventsOf(db, 'acct-1')).toEqual(['a', 'b', 'c', 'd']);
  });

  // PGlite runs one statement at a time, so only PostgreSQL can interleave the two transactions.
  it.runIf(kind === 'postgres')('moves an event whose transaction held the anonymous user when the merge started too', async () => {
    await recordInteractions(db, [{ userId: 'anon-4', itemId: 'a' }]);
    const paused = pausingAfter(db, /FOR KEY SHARE/);
    const recording = recordInteractions(paused.db, [{ userId: 'anon-4', itemId: 'b' }]);
    await paused.atPause;
    let settled = false;
    const merging = mergeUsers(db, { from: 'anon-4', into: 'acct-4' }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    paused.resume();
    await recording;
    expect(await merging).toMatchObject({ movedInteractions: 2 });
    expect(await eventsOf(db, 'acct-4')).toEqual(['a', 'b']);
  });

  it.runIf(kind === 'postgres')('an account deleted between the merge\'s insert and its lock is created again, with the anonymous events alone', async () => {
    await recordInteractions(db, [{ userId: 'acct-5', itemId: 'a' }, { userId: 'anon-5', itemId: 'b' }]);
    const paused = pausingAfter(db, /^INSERT INTO users/);
    const merging = mergeUsers(paused.db, { from: 'anon-5', into: 'acct-5' });
    await paused.atPause;
    expect(await deleteUser(db, 'acct-5')).toMatchObject({ deletedInteractions: 1 });
    paused.resume();
    expect(await merging).toMatchObject({ movedInteractions: 1 });
    expect(await eventsOf(db, 'acct-5')).toEqual(['b']);
    expect(await db.prisma.user.findUnique({ where: { externalId: 'anon-5' } })).toBeNull();
  });
});
