import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Listening } from './listen.ts';
import { testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const targets = await testDatabaseTargets();

/** Waits until `predicate` holds (PostgreSQL delivers on another connection, a moment after the commit). */
async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(targets)('change notifications on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  let listening: Listening;
  const received: unknown[] = [];
  const states: string[] = [];
  /** Runs `write`, then collects what arrived for it: a marker notification sent afterwards closes the batch. */
  const notificationsOf = async (write: () => Promise<unknown>): Promise<unknown[]> => {
    received.length = 0;
    await write();
    await db.sql.query(`SELECT pg_notify('fewshot_changes', '{"marker":true}')`);
    await until(() => received.some((r) => (r as { marker?: boolean }).marker), 'the marker');
    return received.filter((r) => !(r as { marker?: boolean }).marker);
  };

  beforeAll(async () => {
    db = await create();
    listening = await db.listen('fewshot_changes', { message: (payload) => received.push(JSON.parse(payload)), connection: (state) => states.push(state) });
    const setup = await notificationsOf(async () => {
      await db.sql.query(`INSERT INTO users (external_id) SELECT 'u' || g FROM generate_series(1, 600) g`);
      await db.sql.query(`INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, 3) g`);
    });
    // A new user without events changes nothing served; new items do.
    expect(setup).toEqual([{ table: 'items', ids: [1, 2, 3] }]);
  });
  afterAll(async () => {
    await listening?.close();
    await db?.dispose();
  });

  it('names the users whose events changed, once per statement, whoever wrote them', async () => {
    const events = await notificationsOf(() => db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (1, 1, now()), (1, 2, now()), (2, 1, now())`));
    expect(events).toEqual([{ table: 'interactions', ids: [1, 2] }]);
    const viaPrisma = await notificationsOf(() => db.prisma.interaction.deleteMany({ where: { userId: 2 } }));
    expect(viaPrisma).toEqual([{ table: 'interactions', ids: [2] }]);
    const moved = await notificationsOf(() => db.sql.query('UPDATE interactions SET user_id = 3 WHERE user_id = 1 AND item_id = 2'));
    expect(moved).toEqual([{ table: 'interactions', ids: [1, 3] }]);
  });

  it('names changed items and users; says "all" when too many changed or a table was emptied', async () => {
    expect(await notificationsOf(() => db.prisma.item.update({ where: { externalId: 'i2' }, data: { status: 'ARCHIVED' } }))).toEqual([{ table: 'items', ids: [2] }]);
    expect(await notificationsOf(() => db.prisma.user.update({ where: { externalId: 'u5' }, data: { attributes: { vip: true } } }))).toEqual([{ table: 'users', ids: [5] }]);
    const many = await notificationsOf(() => db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) SELECT id, 3, now() FROM users`));
    expect(many).toEqual([{ table: 'interactions', all: true }]);
    expect(await notificationsOf(() => db.sql.query('TRUNCATE interactions'))).toEqual([{ table: 'interactions', all: true }]);
    // A statement that changes nothing says nothing.
    expect(await notificationsOf(() => db.sql.query(`UPDATE items SET title = 'x' WHERE external_id = 'none'`))).toEqual([]);
  });

  it('names API keys whose access changed (revoked, role, name, rate limit, deleted), not their last-used hint', async () => {
    await db.sql.query(`INSERT INTO api_keys (name, prefix, key_hash, role) VALUES ('a', 'fsk_a', 'h1', 'FRONTEND'), ('b', 'fsk_b', 'h2', 'ADMIN')`);
    const [a, b] = (await db.sql.query<{ id: number }>(`SELECT id FROM api_keys WHERE key_hash IN ('h1', 'h2') ORDER BY key_hash`)).map((row) => row.id);
    expect(await notificationsOf(() => db.sql.query('UPDATE api_keys SET last_used_at = now()'))).toEqual([]);
    expect(await notificationsOf(() => db.prisma.apiKey.update({ where: { id: a }, data: { revokedAt: new Date() } }))).toEqual([{ table: 'api_keys', ids: [a] }]);
    expect(await notificationsOf(() => db.sql.query(`UPDATE api_keys SET role = 'MERCHANDISER', last_used_at = now() WHERE id = $1`, [b]))).toEqual([{ table: 'api_keys', ids: [b] }]);
    expect(await notificationsOf(() => db.sql.query('UPDATE api_keys SET rate_limit_per_minute = 30 WHERE id = $1', [b]))).toEqual([{ table: 'api_keys', ids: [b] }]);
    expect(await notificationsOf(() => db.sql.query('UPDATE api_keys SET rate_limit_per_minute = 30 WHERE id = $1', [b]))).toEqual([]);
    expect(await notificationsOf(() => db.sql.query('DELETE FROM api_keys WHERE id = $1', [a]))).toEqual([{ table: 'api_keys', ids: [a] }]);
    expect(await notificationsOf(() => db.sql.query('TRUNCATE api_keys'))).toEqual([{ table: 'api_keys', all: true }]);
  });

  it('names the items whose warm-up embeddings were written (inserted or updated), whoever wrote them', async () => {
    const [version] = await db.sql.query<{ id: number }>(`INSERT INTO model_versions (name) VALUES ('warm-up target') RETURNING id`);
    const upsert = (items: number[], hash: string) =>
      db.sql.query(
        `INSERT INTO item_embeddings (model_version_id, item_id, input_hash) SELECT $1, unnest($2::int[]), $3
         ON CONFLICT (model_version_id, item_id) DO UPDATE SET input_hash = EXCLUDED.input_hash, updated_at = CURRENT_TIMESTAMP
         WHERE item_embeddings.input_hash IS DISTINCT FROM EXCLUDED.input_hash`,
        [version!.id, items, hash],
      );
    expect(await notificationsOf(() => upsert([1, 3], 'a'))).toEqual([{ table: 'item_embeddings', ids: [1, 3] }]);
    // The warm-up's upsert: one row new, one rewritten with other inputs, one unchanged (not rewritten, not named).
    expect(await notificationsOf(() => upsert([1], 'b'))).toEqual([{ table: 'item_embeddings', ids: [1] }]);
    const mixed = await notificationsOf(() => db.sql.query(
      `INSERT INTO item_embeddings (model_version_id, item_id, input_hash) VALUES ($1, 2, 'a'), ($1, 3, 'b'), ($1, 1, 'b')
       ON CONFLICT (model_version_id, item_id) DO UPDATE SET input_hash = EXCLUDED.input_hash WHERE item_embeddings.input_hash IS DISTINCT FROM EXCLUDED.input_hash`,
      [version!.id],
    ));
    expect(mixed).toEqual(expect.arrayContaining([{ table: 'item_embeddings', ids: [2] }, { table: 'item_embeddings', ids: [3] }]));
    expect(mixed, JSON.stringify(mixed)).toHaveLength(2);
    expect(await notificationsOf(() => db.sql.query('DELETE FROM item_embeddings WHERE item_id = 2'))).toEqual([]);
  });

  it('says which version serves changed when a trial starts, ends or goes, and nothing for a statement that changed no trial', async () => {
    const [a, b] = (await db.sql.query<{ id: number }>(`INSERT INTO model_versions (name) VALUES ('control'), ('candidate') RETURNING id`)).map((row) => row.id);
    const serving = [{ table: 'model_versions', all: true }];
    expect(await notificationsOf(() => db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share) VALUES ($1, $2, 0.1)', [b, a]))).toEqual(serving);
    expect(await notificationsOf(() => db.sql.query(`UPDATE model_trials SET status = 'STOPPED', ended_at = now() WHERE status = 'RUNNING'`))).toEqual(serving);
    expect(await notificationsOf(() => db.sql.query(`UPDATE model_trials SET status = 'STOPPED', ended_at = now() WHERE status = 'RUNNING'`))).toEqual([]);
    expect(await notificationsOf(() => db.sql.query('DELETE FROM model_trials'))).toEqual(serving);
    await db.sql.query('DELETE FROM model_versions WHERE id = ANY($1::int[])', [[a, b]]);
  });

  it('sends nothing for a rolled-back transaction, and a committed one\'s after its commit', async () => {
    const rolledBack = await notificationsOf(() =>
      db.sql
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (7, 1, now())`);
          throw new Error('abandon');
        })
        .catch(() => undefined),
    );
    expect(rolledBack).toEqual([]);
    const committed = await notificationsOf(() =>
      db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (8, 1, now())`);
        await tx.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (9, 1, now())`);
      }),
    );
    expect(committed).toEqual([{ table: 'interactions', ids: [8] }, { table: 'interactions', ids: [9] }]);
  });

  it.runIf(kind === 'postgres')('says when the listening connection is lost and when it listens again, then delivers again', async () => {
    expect(listening.live).toBe(true);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fewshot notifications'`);
      await until(() => states.includes('lost'), 'the lost state');
      expect(listening.live).toBe(false);
      await until(() => states.includes('restored'), 'the restored state');
      expect(listening.live).toBe(true);
      expect(states).toEqual(['lost', 'restored']);
      expect(await notificationsOf(() => db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES (11, 1, now())`))).toEqual([{ table: 'interactions', ids: [11] }]);
    } finally {
      await admin.end();
    }
  });

  it('sync() is a barrier: once it resolves, every notification committed before it has arrived', async () => {
    let late = 0;
    for (let i = 0; i < 40; i++) {
      received.length = 0;
      await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, 1, now())`, [20 + i]);
      expect(await listening.sync()).toBe(true);
      if (!received.some((r) => (r as { ids?: number[] }).ids?.[0] === 20 + i)) late++;
    }
    expect(late).toBe(0);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(db.listen('x; DROP TABLE users', { message: () => undefined })).rejects.toThrow(/not a valid channel name/);
  });
});
