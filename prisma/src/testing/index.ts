import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from '../database.ts';
import { readDbEnv } from '../env.ts';
import { migrate } from '../migrate.ts';
import { migratedPgliteTemplate } from './pglite-template.ts';

export { createMigratedPgliteFolder } from './pglite-template.ts';

/**
 * Test databases on both engines: PGlite always; PostgreSQL at `TEST_DATABASE_URL` (default the local server)
 * when it answers. Each test database is fresh: an in-memory PGlite, or a new PostgreSQL database that is dropped
 * when disposed.
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** Closes the connection and drops the database. */
  dispose(): Promise<void>;
  /** Connection string of this test database (PostgreSQL only), for child processes. */
  url?: string;
}

export interface TestDatabaseOptions {
  /** Migrations to apply (default: all of the project's); a folder holding only the older ones tests an upgrade. */
  migrationsDirectory?: string;
}

export interface TestDatabaseTarget {
  kind: DatabaseKind;
  /** Opens a fresh, migrated database. */
  create(options?: TestDatabaseOptions): Promise<TestDatabase>;
}

function adminUrl(): string {
  return readDbEnv().TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

let reachability: Promise<string | null> | undefined;

/** Resolves to null when PostgreSQL answers, else the reason it does not. Checked once per process. */
export function postgresUnavailableReason(): Promise<string | null> {
  reachability ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachability;
}

async function createPostgresDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `fewshot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await migrate(db.sql, options.migrationsDirectory);
  return {
    ...db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

async function createPgliteDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  // From the migrated template unless the test wants other migrations (an upgrade test); migrate() then has nothing
  // left to apply, and checks that.
  const template = options.migrationsDirectory ? undefined : await migratedPgliteTemplate();
  const db = await openDatabase({ url: '', pgliteDir: 'memory://', pgliteDataDir: template });
  await migrate(db.sql, options.migrationsDirectory);
  return { ...db, dispose: () => db.close() };
}

/**
 * The engines database tests run on. Says loudly (once per test file) when PostgreSQL is skipped, so a green run
 * without it is never mistaken for a full one.
 */
export async function testDatabaseTargets(): Promise<TestDatabaseTarget[]> {
  const targets: TestDatabaseTarget[] = [{ kind: 'pglite', create: createPgliteDatabase }];
  const reason = await postgresUnavailableReason();
  if (reason === null) {
    targets.push({ kind: 'postgres', create: createPostgresDatabase });
  } else {
    console.warn(
      `\n!!! PostgreSQL at ${adminUrl()} is not reachable (${reason}): database tests ran on PGlite only. ` +
        'Set TEST_DATABASE_URL or start PostgreSQL to run them on both engines. !!!\n',
    );
  }
  return targets;
}
