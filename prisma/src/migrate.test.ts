import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');

// Two api replicas (two pools, several connections each) starting together on a database nobody migrated yet.
describe.skipIf(!postgres)('migrate on postgres, two replicas at once', () => {
  let empty: string;
  let db: TestDatabase;
  const replicas: Database[] = [];

  beforeAll(async () => {
    expect(await postgresUnavailableReason()).toBeNull();
    empty = await mkdtemp(path.join(os.tmpdir(), 'fewshot-no-migrations-'));
    db = await postgres!.create({ migrationsDirectory: empty });
    await db.sql.exec('DROP TABLE "_prisma_migrations"'); // a database nothing has touched
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await db?.dispose();
    if (empty) await rm(empty, { recursive: true, force: true });
  });

  it('both succeed, and each migration is applied and recorded exactly once', async () => {
    for (let i = 0; i < 2; i++) replicas.push(await openDatabase({ url: db.url!, maxConnections: 4 }));
    const names = (await listMigrations()).map((migration) => migration.name);
    const results = await Promise.all(replicas.map((replica) => migrate(replica.sql)));
    // One applied everything, the other found it done (whichever came first).
    expect(results.map((result) => result.applied.length).sort((a, b) => a - b)).toEqual([0, names.length]);
    expect(results.map((result) => result.alreadyApplied.length).sort((a, b) => a - b)).toEqual([0, names.length]);
    const rows = await db.sql.query<{ migration_name: string; n: string }>(
      'SELECT migration_name, count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL GROUP BY migration_name ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, Number(row.n)])).toEqual(names.map((name) => [name, 1]));
    expect((await db.sql.query('SELECT count(*) AS n FROM "_prisma_migrations"'))[0]).toEqual({ n: String(names.length) });
  });

  it('holds the lock on one connection: a third run while another session holds it waits for it', async () => {
    const holder = await openDatabase({ url: db.url!, maxConnections: 1 });
    replicas.push(holder);
    let finished = false;
    let waiting: Promise<unknown> | undefined;
    await holder.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [72707369]);
      waiting = migrate(replicas[0]!.sql).then((result) => {
        finished = true;
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(finished).toBe(false);
    });
    // Committing released the lock: the waiting run goes ahead and finds nothing to do.
    const result = await waiting;
    expect(finished).toBe(true);
    expect(result).toMatchObject({ applied: [] });
  });
});
