import { openDatabase } from '@fewshot/db';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServedListLog, type ServedListEntry } from '../serving/served-list-log.ts';
import { deleteUser } from './delete-user.ts';
import { mergeUsers } from './merge-users.ts';
import { recommendationOutcomes } from './recommendation-outcomes.ts';
import { recordInteractions } from './record-interactions.ts';

const targets = await testDatabaseTargets();

describe.each(targets)('served lists and their outcomes on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  let versionId = 0;
  const item = new Map<string, number>();
  const user = new Map<string, number>();
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
  const now = at(24 * 60 * 3);
  const week = { since: at(0), until: at(60 * 24), withinMinutes: 60 };
  const list = (userName: string, itemNames: string[], minute: number, more: Partial<ServedListEntry> = {}): ServedListEntry => ({
    userId: user.get(userName)!,
    modelVersionId: versionId,
    path: 'few_shot',
    historyLength: 3,
    itemIds: itemNames.map((name) => item.get(name)!),
    servedAt: at(minute),
    ...more,
  });
  const logged = (options: Partial<ConstructorParameters<typeof ServedListLog>[1]> = {}) => new ServedListLog(db, { sample: 1, retentionDays: 3650, log: () => {}, ...options });

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
    for (const row of await db.prisma.item.findMany()) item.set(row.externalId, row.id);
    await recordInteractions(db, ['u1', 'u2', 'u3', 'gone', 'anon', 'acct'].map((id) => ({ userId: id, itemId: 'e', occurredAt: at(0) })), now);
    for (const row of await db.prisma.user.findMany()) user.set(row.externalId, row.id);
    versionId = (await db.prisma.modelVersion.create({ data: { name: 'v1', status: 'ACTIVE' } })).id;
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('counts a list followed when its user has an event on one of its items within the window, by the best rank', async () => {
    const log = logged();
    log.record(list('u1', ['a', 'b', 'c'], 10));
    log.record(list('u2', ['a', 'b', 'c'], 10));
    log.record(list('u3', ['a', 'b', 'c'], 10));
    log.record(list('u1', ['d'], 30, { path: 'warm', historyLength: 25 }));
    log.record(list('u2', ['a'], 40, { modelVersionId: null, path: 'no_model', historyLength: 1 }));
    await log.close();
    expect(log.counters()).toEqual({ recorded: 5, repeated: 0, dropped: 0, pending: 0 });
    // Items the version was not trained on are kept with the list (none said: none).
    const withNew = logged();
    withNew.record(list('acct', ['a', 'b', 'c'], 11, { newItemIds: [item.get('b')!] }));
    await withNew.close();
    const newIds = await db.sql.query<{ new_item_ids: number[] }>('SELECT new_item_ids FROM served_lists WHERE user_id = $1 UNION ALL SELECT new_item_ids FROM served_lists WHERE user_id = $2 AND path = \'warm\'', [user.get('acct')!, user.get('u1')!]);
    expect(newIds.map((row) => row.new_item_ids.map(Number))).toEqual([[item.get('b')!], []]);
    await db.sql.query('DELETE FROM served_lists WHERE user_id = $1', [user.get('acct')!]);
    await recordInteractions(db, [
      { userId: 'u1', itemId: 'c', occurredAt: at(15) }, // rank 3
      { userId: 'u1', itemId: 'b', occurredAt: at(20) }, // rank 2: the best rank counts
      { userId: 'u2', itemId: 'a', occurredAt: at(9) }, // before the list: not following it
      { userId: 'u2', itemId: 'b', occurredAt: at(75) }, // after the window (60 minutes)
      { userId: 'u3', itemId: 'd', occurredAt: at(12) }, // not in the list
    ], now);
    const outcomes = await recommendationOutcomes(db, week, now);
    expect(outcomes).toMatchObject({ since: week.since, until: week.until, withinMinutes: 60 });
    expect(outcomes.rows).toEqual([
      { modelVersionId: versionId, path: 'few_shot', historyFrom: 3, historyTo: 4, lists: 3, followed: 1, followRate: 1 / 3, meanReciprocalRank: expect.closeTo(1 / 2 / 3, 10), stillOpen: 0 },
      { modelVersionId: versionId, path: 'warm', historyFrom: 20, historyTo: null, lists: 1, followed: 0, followRate: 0, meanReciprocalRank: 0, stillOpen: 0 },
      { modelVersionId: null, path: 'no_model', historyFrom: 1, historyTo: 2, lists: 1, followed: 0, followRate: 0, meanReciprocalRank: 0, stillOpen: 0 },
    ]);
    // A longer window takes u2's later event in; one version alone leaves the counted list out.
    const day = await recommendationOutcomes(db, { ...week, withinMinutes: 1440, modelVersionId: versionId }, now);
    expect(day.rows.map((row) => [row.path, row.followed])).toEqual([['few_shot', 2], ['warm', 0]]);
    // Lists whose window has not closed are counted and said to be open.
    const early = await recommendationOutcomes(db, week, at(35));
    expect(early.rows.find((row) => row.path === 'few_shot')).toMatchObject({ lists: 3, stillOpen: 3 });
    expect(early.rows.find((row) => row.path === 'warm')).toMatchObject({ lists: 1, stillOpen: 1 });
  });

  it('refuses a window outside 1 minute to a week and a range that ends before it starts', async () => {
    await expect(recommendationOutcomes(db, { withinMinutes: 0 }, now)).rejects.toThrow('withinMinutes must be a whole number from 1 to 10080 (a week), got 0');
    await expect(recommendationOutcomes(db, { withinMinutes: 10_081 }, now)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'withinMinutes' } } });
    await expect(recommendationOutcomes(db, { since: at(10), until: at(10) }, now)).rejects.toThrow(/^since \(.*\) must be before until/);
    expect((await recommendationOutcomes(db, { since: at(10_000), until: at(10_001) }, now)).rows).toEqual([]);
  });

  it('forgets the lists of a deleted user, moves an anonymous visitor\'s with a merge, and skips lists of a user deleted before they were written', async () => {
    const log = logged();
    log.record(list('gone', ['a'], 100));
    log.record(list('anon', ['b'], 100));
    await log.close();
    const before = log.counters().recorded;
    await deleteUser(db, 'gone');
    await mergeUsers(db, { from: 'anon', into: 'acct' });
    const rows = await db.sql.query<{ external_id: string }>('SELECT u.external_id FROM served_lists l JOIN users u ON u.id = l.user_id WHERE l.served_at = $1', [at(100)]);
    expect(rows.map((row) => row.external_id)).toEqual(['acct']);
    // The account's pick after signing in follows the list the visitor was shown.
    await recordInteractions(db, [{ userId: 'acct', itemId: 'b', occurredAt: at(110) }], now);
    const outcomes = await recommendationOutcomes(db, { since: at(100), until: at(101), withinMinutes: 60 }, now);
    expect(outcomes.rows).toMatchObject([{ lists: 1, followed: 1, meanReciprocalRank: 1 }]);

    log.record(list('gone', ['c'], 120));
    log.record(list('u1', ['a'], 120));
    await log.close();
    expect(log.counters()).toEqual({ recorded: before + 1, repeated: 0, dropped: 0, pending: 0 });
  });

  // Two connections at once: PostgreSQL only (PGlite has one).
  it.runIf(kind === 'postgres')('writes the rest of a batch whose user was deleted while it was being written', async () => {
    await recordInteractions(db, [{ userId: 'racer', itemId: 'e', occurredAt: at(0) }], now);
    const racer = (await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'racer' } })).id;
    const log = logged();
    log.record({ ...list('u1', ['a'], 2000), userId: racer });
    log.record(list('u1', ['a'], 2000));
    // Its own connections: one deletes, one watches the batch wait (the test database's pool may be the batch's alone).
    const other = await openDatabase({ url: db.url!, maxConnections: 2 });
    let commit: (() => void) | undefined;
    try {
      const deleted = other.sql.transaction(async (tx) => {
        await tx.query('DELETE FROM users WHERE id = $1', [racer]);
        await new Promise<void>((resolve) => (commit = resolve));
      });
      await expect.poll(() => typeof commit).toBe('function');
      // The batch sees the user (the delete is not committed) and waits on its row's lock to check the foreign key.
      const flushed = log.flush();
      await expect.poll(async () => Number((await other.sql.query<{ n: number }>(
        // This database's one lock waiter (pg_stat_activity cuts the statement's text before its INSERT).
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0]!.n), { timeout: 10_000 }).toBe(1);
      commit!();
      await Promise.all([deleted, flushed]);
    } finally {
      commit?.();
      await other.close();
    }
    expect(log.counters()).toEqual({ recorded: 1, repeated: 0, dropped: 0, pending: 0 });
    const rows = await db.sql.query<{ user_id: number }>('SELECT user_id FROM served_lists WHERE served_at = $1', [at(2000)]);
    expect(rows.map((row) => Number(row.user_id))).toEqual([user.get('u1')]);
  });

  it('records a sampled share, none at sample 0, and drops (counted) beyond what may wait', async () => {
    const countAt = async (minute: number) => Number((await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM served_lists WHERE served_at = $1', [at(minute)]))[0]!.n);
    const off = logged({ sample: 0 });
    off.record(list('u1', ['a'], 200));
    await off.close();
    expect([off.enabled, off.counters(), await countAt(200)]).toEqual([false, { recorded: 0, repeated: 0, dropped: 0, pending: 0 }, 0]);
    const draws = [0.1, 0.9, 0.2, 0.8];
    const half = logged({ sample: 0.5, random: () => draws.shift()! });
    for (const name of ['a', 'b', 'c', 'd']) half.record(list('u1', [name], 201));
    await half.close();
    expect(await countAt(201)).toBe(2);
    const small = logged({ maxPending: 2, flushMs: 60_000 });
    for (const name of ['a', 'b', 'c']) small.record(list('u1', [name], 202));
    expect(small.counters()).toEqual({ recorded: 0, repeated: 0, dropped: 1, pending: 2 });
    await small.close();
    expect(await countAt(202)).toBe(2);
  });

  it('leaves out the same list shown to the same user again within 30 minutes (a reload), not a changed or a later one', async () => {
    const log = logged({ rememberUsers: 2 });
    log.record(list('u1', ['a', 'b'], 400));
    log.record(list('u1', ['a', 'b'], 410)); // the same page again
    log.record(list('u2', ['a', 'b'], 410)); // another user
    log.record(list('u1', ['a', 'b'], 429)); // still within 30 minutes of the one recorded
    log.record(list('u1', ['b', 'a'], 431)); // another order: another list
    log.record(list('u1', ['a', 'b'], 432)); // back to the first: another list (only the last is compared)
    log.record(list('u1', ['a', 'b'], 433, { modelVersionId: null, path: 'no_model' })); // another version's
    log.record(list('u1', ['a', 'b'], 470, { modelVersionId: null, path: 'no_model' })); // 37 minutes later
    expect(log.counters()).toMatchObject({ repeated: 2, pending: 6 });
    // Beyond rememberUsers the least recent user is forgotten, and their repeat recorded again.
    log.record(list('u3', ['a'], 471));
    log.record(list('u2', ['a', 'b'], 472));
    expect(log.counters()).toMatchObject({ repeated: 2, pending: 8 });
    log.record(list('u3', ['a'], 473));
    expect(log.counters()).toMatchObject({ repeated: 3, pending: 8 });
    await log.close();
  });

  it('leaves out a repeat that another process (an api replica) recorded, by the user\'s last list in the database', async () => {
    // Each replica a log of its own, as each api process has: what one remembers, the others do not.
    const written = async (entry: ServedListEntry) => {
      const replica = logged();
      replica.record(entry);
      await replica.close();
      return replica.counters();
    };
    expect(await written(list('u2', ['c', 'd'], 1000))).toMatchObject({ recorded: 1, repeated: 0 });
    expect(await written(list('u2', ['c', 'd'], 1010))).toMatchObject({ recorded: 0, repeated: 1 }); // the reload, answered by another replica
    expect(await written(list('u2', ['d', 'c'], 1020))).toMatchObject({ recorded: 1, repeated: 0 });
    expect(await written(list('u2', ['c', 'd'], 1025))).toMatchObject({ recorded: 1, repeated: 0 }); // the user's last list was another
    expect(await written(list('u2', ['c', 'd'], 1056))).toMatchObject({ recorded: 1, repeated: 0 }); // 31 minutes after it
    expect(await written(list('u2', ['c', 'd'], 1057, { modelVersionId: null, path: 'no_model' }))).toMatchObject({ recorded: 1, repeated: 0 }); // another version's
    const rows = await db.sql.query<{ minute: number }>(
      'SELECT (extract(epoch FROM served_at - $2::timestamptz) / 60)::int AS minute FROM served_lists WHERE user_id = $1 AND served_at >= $3 ORDER BY served_at',
      [user.get('u2'), at(0).toISOString(), at(1000).toISOString()]);
    expect(rows.map((row) => Number(row.minute))).toEqual([1000, 1020, 1025, 1056, 1057]);
  });

  it('writes on its own within flushMs, and deletes lists older than the retention after a write', async () => {
    const log = logged({ flushMs: 20, retentionDays: 1 });
    log.record(list('u1', ['a'], 300));
    log.record({ ...list('u1', ['a'], 0), servedAt: new Date() });
    await expect.poll(() => log.counters().recorded, { timeout: 5_000 }).toBe(2);
    await log.close();
    const left = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM served_lists');
    expect(Number(left[0]!.n)).toBe(1);
  });
});
