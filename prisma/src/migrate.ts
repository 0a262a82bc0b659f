import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { migrationsDirectory } from './paths.ts';
import type { SqlDriver } from './sql-driver.ts';

/**
 * Applies Prisma-layout SQL migrations (`migrations/<timestamp>_<name>/migration.sql`) on PostgreSQL and PGlite,
 * keeping Prisma's `_prisma_migrations` bookkeeping exactly as `prisma migrate deploy` writes it, so the Prisma
 * CLI still works wherever its engine can be downloaded. A run is one transaction holding Prisma's advisory lock
 * (pg_advisory_xact_lock) on one connection: replicas starting together apply each migration once, and a failing
 * migration leaves the database as it was before the run. So a migration must be able to run in a transaction
 * (no CREATE INDEX CONCURRENTLY, no VACUUM; a value added by ALTER TYPE … ADD VALUE cannot be used in the same run).
 */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

// Prisma's own DDL for its bookkeeping table (stack.md).
const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Prisma migrate takes this advisory lock too, so our migrator and Prisma's never interleave.
const PRISMA_ADVISORY_LOCK_ID = 72707369;

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function listMigrations(directory = migrationsDirectory): Promise<MigrationFile[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface BookkeepingRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function migrate(sql: SqlDriver, directory = migrationsDirectory): Promise<MigrationResult> {
  const migrations = await listMigrations(directory);
  // One transaction for the whole run, on one pinned connection: pg_advisory_xact_lock is held by that connection
  // until COMMIT or ROLLBACK. A session lock taken through sql.query would be taken and released on whichever pooled
  // connections a pg pool lends (possibly two different ones), so two replicas starting together could both migrate.
  return sql.transaction(async (tx) => {
    // Read committed (each statement sees what committed before it), so a migrator that waited for the lock sees
    // the migrations the other one applied, whatever the server's default isolation level.
    await tx.exec('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    await tx.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_ADVISORY_LOCK_ID]);
    // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can both try to create it, and one fails.
    await tx.exec(BOOKKEEPING_DDL);
    const rows = await tx.query<BookkeepingRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const done = new Map(rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => [row.migration_name, row]));
    const failed = rows.find((row) => !row.finished_at && !row.rolled_back_at);
    if (failed) {
      throw new Error(
        `migration ${failed.migration_name} started earlier but never finished; inspect the database, then mark it rolled back in _prisma_migrations`,
      );
    }
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs); add a new migration instead`);
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const id = randomUUID();
      await tx.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())',
        [id, migration.checksum, migration.name],
      );
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new Error(`migration ${migration.name} failed (nothing of this run was applied): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      await tx.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      result.applied.push(migration.name);
    }
    return result;
  });
}
