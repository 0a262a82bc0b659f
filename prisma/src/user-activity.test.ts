import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from './sql-driver.ts';
import { migrate } from './migrate.ts';
import { databaseBeforeMigration } from './testing/before-migration.ts';
import { testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const ACTIVITY_MIGRATION = '20261216090000_user_activity';
const targets = await testDatabaseTargets();

interface Activity {
  user_id: number;
  first_at: string;
  last_at: string;
  events: number;
}

/** user_activity as stored, and as aggregating every event says it should be, in the same shape. */
async function storedAndAggregated(sql: SqlExecutor): Promise<{ stored: Activity[]; aggregated: Activity[] }> {
  const shape = (rows: Activity[]): Activity[] =>
    rows.map((row) => ({ user_id: Number(row.user_id), first_at: new Date(row.first_at).toISOString(), last_at: new Date(row.last_at).toISOString(), events: Number(row.events) }));
  const stored = await sql.query<Activity>('SELECT user_id, first_at, last_at, events FROM user_activity ORDER BY user_id');
  const aggregated = await sql.query<Activity>(
    'SELECT user_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at, count(*) AS events FROM interactions GROUP BY user_id ORDER BY user_id',
  );
  return { stored: shape(stored), aggregated: shape(aggregated) };
}

async function expectInStep(sql: SqlExecutor): Promise<Activity[]> {
  const { stored, aggregated } = await storedAndAggregated(sql);
  expect(stored).toEqual(aggregated);
  return stored;
}

describe.each(targets)('user activity on $kind', ({ kind, create }) => {
  describe('the migration', () => {
    let db: TestDatabase;
    databaseBeforeMigration(create, ACTIVITY_MIGRATION, (opened) => (db = opened));

    it('fills the table from the events already stored', async () => {
      await db.sql.exec(`INSERT INTO users (external_id) SELECT 'u' || g FROM generate_series(1, 4) g;
        INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, 3) g;
        INSERT INTO interactions (user_id, item_id, occurred_at) VALUES
          (1, 1, '2026-01-01T00:00:00Z'), (1, 2, '2026-01-03T00:00:00Z'), (1, 3, '2026-01-02T00:00:00Z'), (3, 1, '2026-02-01T00:00:00Z')`);
      expect((await migrate(db.sql)).applied).toContain(ACTIVITY_MIGRATION);
      expect(await expectInStep(db.sql)).toEqual([
        { user_id: 1, first_at: '2026-01-01T00:00:00.000Z', last_at: '2026-01-03T00:00:00.000Z', events: 3 },
        { user_id: 3, first_at: '2026-02-01T00:00:00.000Z', last_at: '2026-02-01T00:00:00.000Z', events: 1 },
      ]);
    });
  });

  describe('kept by every write to interactions', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await create();
      await db.sql.exec(`INSERT INTO users (external_id) SELECT 'u' || g FROM generate_series(1, 20) g;
        INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, 10) g`);
    });
    afterAll(async () => {
      await db?.dispose();
    });

    it('adds events of many users in one statement, and one at a time through Prisma', async () => {
      await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at)
        SELECT 1 + g % 5, 1 + g % 10, timestamptz '2026-03-01T00:00:00Z' + g * interval '1 hour' FROM generate_series(1, 50) g`);
      await db.prisma.interaction.create({ data: { userId: 6, itemId: 1, occurredAt: new Date('2026-04-01T00:00:00Z') } });
      // An older event for a user lowers their first time and leaves their latest alone.
      await db.prisma.interaction.create({ data: { userId: 2, itemId: 1, occurredAt: new Date('2025-12-31T00:00:00Z') } });
      const stored = await expectInStep(db.sql);
      expect(stored.map((row) => [row.user_id, row.events])).toEqual([[1, 10], [2, 11], [3, 10], [4, 10], [5, 10], [6, 1]]);
      expect(stored.find((row) => row.user_id === 2)).toMatchObject({ first_at: '2025-12-31T00:00:00.000Z', last_at: '2026-03-02T22:00:00.000Z' });
    });

    it('counts again after deletes, and forgets a user without events', async () => {
      await db.sql.query(`DELETE FROM interactions WHERE user_id = 1 AND occurred_at = (SELECT max(occurred_at) FROM interactions WHERE user_id = 1)`);
      await db.sql.query('DELETE FROM interactions WHERE user_id = 6');
      // An item's deletion takes its events with it (the foreign key's cascade): every user who had one is counted again.
      await db.sql.query(`DELETE FROM items WHERE external_id = 'i3'`);
      const stored = await expectInStep(db.sql);
      expect(stored.map((row) => row.user_id)).toEqual([1, 2, 3, 4, 5]);
      expect(stored.find((row) => row.user_id === 1)?.events).toBe(9);
      expect(stored.find((row) => row.user_id === 3)?.events).toBe(5);
    });

    it('moves activity with events moved to another user or time, and ignores changes of kind or value', async () => {
      await db.sql.query('UPDATE interactions SET user_id = 7 WHERE user_id = 5');
      await db.sql.query(`UPDATE interactions SET occurred_at = '2027-01-01T00:00:00Z' WHERE id = (SELECT min(id) FROM interactions WHERE user_id = 3)`);
      const before = await expectInStep(db.sql);
      expect(before.map((row) => row.user_id)).toEqual([1, 2, 3, 4, 7]);
      expect(before.find((row) => row.user_id === 3)?.last_at).toBe('2027-01-01T00:00:00.000Z');
      await db.sql.query(`UPDATE interactions SET kind = 'RATING', value = 5 WHERE user_id = 4`);
      expect(await expectInStep(db.sql)).toEqual(before);
    });

    it('goes with its user, and is emptied with the events', async () => {
      await db.sql.query(`DELETE FROM users WHERE external_id = 'u2'`);
      expect((await expectInStep(db.sql)).map((row) => row.user_id)).toEqual([1, 3, 4, 7]);
      await db.sql.query('TRUNCATE interactions');
      expect(await expectInStep(db.sql)).toEqual([]);
    });

    it('stays in step with the events through a random mix of writes, each in its own transaction', async () => {
      let seed = 7;
      const random = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed % n;
      };
      for (let step = 0; step < 60; step++) {
        const user = 1 + random(20);
        const other = 1 + random(20);
        const time = `timestamptz '2026-06-01T00:00:00Z' + ${random(1000)} * interval '1 minute'`;
        const writes = [
          `INSERT INTO interactions (user_id, item_id, occurred_at) SELECT u, 1 + g % 9, ${time} + g * interval '1 second' FROM (VALUES (${user}), (${other})) v(u), generate_series(1, ${1 + random(4)}) g WHERE EXISTS (SELECT 1 FROM users WHERE id = u)`,
          `DELETE FROM interactions WHERE id IN (SELECT id FROM interactions WHERE user_id = ${user} ORDER BY occurred_at DESC LIMIT ${1 + random(3)})`,
          `UPDATE interactions SET user_id = ${other} WHERE user_id = ${user} AND EXISTS (SELECT 1 FROM users WHERE id = ${other})`,
          `UPDATE interactions SET occurred_at = ${time} WHERE id IN (SELECT id FROM interactions WHERE user_id = ${user} LIMIT 2)`,
        ];
        await db.sql.transaction(async (tx) => {
          await tx.query(writes[random(writes.length)]!);
          await tx.query(writes[random(writes.length)]!);
        });
        await expectInStep(db.sql);
      }
      // A rolled-back write leaves no trace.
      const before = await expectInStep(db.sql);
      await expect(
        db.sql.transaction(async (tx) => {
          await tx.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (1, 1, now()), (9, 1, now())`);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await expectInStep(db.sql)).toEqual(before);
    });

    it.runIf(kind === 'postgres')('counts again only after concurrent transactions adding events for the same user commit', async () => {
      await db.sql.query('TRUNCATE interactions');
      await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (10, 1, '2026-01-01T00:00:00Z'), (10, 2, '2026-01-02T00:00:00Z')`);
      const adding = new pg.Client({ connectionString: db.url });
      const deleting = new pg.Client({ connectionString: db.url });
      await Promise.all([adding.connect(), deleting.connect()]);
      try {
        // One transaction adds an event for user 10 and stays open; another deletes one of user 10's older events.
        await adding.query('BEGIN');
        await adding.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (10, 5, '2026-01-03T00:00:00Z')`);
        await deleting.query('BEGIN');
        let deleted = false;
        const deletion = deleting.query(`DELETE FROM interactions WHERE user_id = 10 AND item_id = 1`).then(() => (deleted = true));
        await new Promise((resolve) => setTimeout(resolve, 300));
        // Counting now would miss the open event (and its increment would then be overwritten): the delete waits.
        expect(deleted).toBe(false);
        await adding.query('COMMIT');
        await deletion;
        await deleting.query('COMMIT');
        const stored = await expectInStep(db.sql);
        expect(stored).toEqual([{ user_id: 10, first_at: '2026-01-02T00:00:00.000Z', last_at: '2026-01-03T00:00:00.000Z', events: 2 }]);

        // And the other way round: events added while a delete is open wait for it, then add to what it counted.
        await deleting.query('BEGIN');
        await deleting.query(`DELETE FROM interactions WHERE user_id = 10 AND item_id = 2`);
        const addition = adding.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (10, 6, '2026-01-04T00:00:00Z')`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await deleting.query('COMMIT');
        await addition;
        expect(await expectInStep(db.sql)).toEqual([{ user_id: 10, first_at: '2026-01-03T00:00:00.000Z', last_at: '2026-01-04T00:00:00.000Z', events: 2 }]);
      } finally {
        await Promise.all([adding.end(), deleting.end()]);
      }
    });
  });
});
