import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { migrationsDirectory } from '../paths.ts';
import type { TestDatabase, TestDatabaseTarget } from './index.ts';

/**
 * For a migration's upgrade test: before the block's tests, a fresh database migrated only up to (not including)
 * `migration`, as an earlier release left it, handed to `opened`; disposed after them. The test then writes rows in
 * the old shape and runs `migrate` itself.
 */
export function databaseBeforeMigration(create: TestDatabaseTarget['create'], migration: string, opened: (db: TestDatabase) => void): void {
  let older: string | undefined;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    older = await mkdtemp(path.join(os.tmpdir(), 'fewshot-migrations-'));
    for (const name of await readdir(migrationsDirectory)) {
      if (name < migration) await cp(path.join(migrationsDirectory, name), path.join(older, name), { recursive: true });
    }
    db = await create({ migrationsDirectory: older });
    opened(db);
  });
  afterAll(async () => {
    await db?.dispose();
    if (older) await rm(older, { recursive: true, force: true });
  });
}
