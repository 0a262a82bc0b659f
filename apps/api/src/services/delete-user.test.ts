import type { Database } from '@fewshot/db';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteUser } from './delete-user.ts';
import { recordInteractions } from './record-interactions.ts';
import { pausingAfter } from './testing/pausing-transactions.ts';

const targets = await testDatabaseTargets();

const eventsOf = async (db: Database, externalId: string) =>
  (await db.sql.query<{ item: string }>('SELECT i.external_id AS item FROM interactions x JOIN users u ON u.id = x.user_id JOIN items i ON i.id = x.item_id WHERE u.external_id = $1 ORDER BY x.id', [externalId])).map((row) => row.item);

describe.each(targets)('deleteUser on $kind', ({ kind, create }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('deletes the user and every event of theirs, and nobody else\'s', async () => {
    await recordInteractions(db, [{ userId: 'ana', itemId: 'a' }, { userId: 'ana', itemId: 'b' }, { userId: 'ana', itemId: 'c', clientEventId: 'ana-3' }, { userId: 'ben', itemId: 'a' }]);
    const ana = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'ana' } });
    expect(await deleteUser(db, 'ana')).toEqual({ externalId: 'ana', userId: ana.id, deletedInteractions: 3 });
    expect(await db.prisma.user.findUnique({ where: { externalId: 'ana' } })).toBeNull();
    expect(await db.prisma.interaction.count({ where: { userId: ana.id } })).toBe(0);
    expect(await eventsOf(db, 'ben')).toEqual(['a']);
    // Nothing of theirs is left in user_activity either (a recently active list would name a deleted person).
    expect(await db.prisma.userActivity.count({ where: { userId: ana.id } })).toBe(0);
    expect(await db.prisma.userActivity.count({ where: { user: { externalId: 'ben' } } })).toBe(1);
  });

  it('answers NOT_FOUND for a user that is not there, or no longer', async () => {
    for (const id of ['ana', 'nobody']) {
      await expect(deleteUser(db, id)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND', details: { field: 'id' } } });
    }
    await expect(deleteUser(db, 'ana')).rejects.toThrow('there is no user "ana" (deleted already, or never recorded)');
  });

  it('deletes a user without events', async () => {
    await db.prisma.user.create({ data: { externalId: 'quiet' } });
    expect(await deleteUser(db, 'quiet')).toMatchObject({ externalId: 'quiet', deletedInteractions: 0 });
  });

  it('starts a new user when an event for the same id arrives afterwards; a retried event id is recorded anew', async () => {
    await recordInteractions(db, [{ userId: 'cy', itemId: 'a', clientEventId: 'cy-1' }]);
    const before = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'cy' } });
    await deleteUser(db, 'cy');
    // The client's retry of an event recorded before the deletion: its id is free again, so it is a new event.
    const [again] = await recordInteractions(db, [{ userId: 'cy', itemId: 'b', clientEventId: 'cy-1' }]);
    expect(again!.created).toBe(true);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'cy' } });
    expect(after.id).not.toBe(before.id);
    expect(await eventsOf(db, 'cy')).toEqual(['b']);
  });

  // PGlite runs one statement at a time, so only PostgreSQL can interleave the two transactions.
  describe.runIf(kind === 'postgres')('racing an event recorded for the same user', () => {
    it('a deletion committed between the event\'s user insert and its lock: the event starts the user afresh', async () => {
      await recordInteractions(db, [{ userId: 'dee', itemId: 'a' }, { userId: 'dee', itemId: 'b' }]);
      const old = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'dee' } });
      const paused = pausingAfter(db, /^INSERT INTO users/);
      const recording = recordInteractions(paused.db, [{ userId: 'dee', itemId: 'c' }]);
      await paused.atPause;
      expect(await deleteUser(db, 'dee')).toMatchObject({ deletedInteractions: 2 });
      paused.resume();
      expect((await recording)[0]!.created).toBe(true);
      const fresh = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'dee' } });
      expect(fresh.id).not.toBe(old.id);
      expect(await eventsOf(db, 'dee')).toEqual(['c']);
    });

    it('an event whose transaction holds the user when the deletion starts: the deletion waits and takes it too', async () => {
      await recordInteractions(db, [{ userId: 'eve', itemId: 'a' }]);
      const paused = pausingAfter(db, /FOR KEY SHARE/);
      const recording = recordInteractions(paused.db, [{ userId: 'eve', itemId: 'b' }]);
      await paused.atPause;
      let settled = false;
      const deleting = deleteUser(db, 'eve').finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      paused.resume();
      await recording;
      expect(await deleting).toMatchObject({ deletedInteractions: 2 });
      expect(await db.prisma.user.findUnique({ where: { externalId: 'eve' } })).toBeNull();
    });
  });
});
