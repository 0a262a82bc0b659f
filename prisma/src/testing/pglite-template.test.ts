import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../database.ts';
import { migrate } from '../migrate.ts';
import { createMigratedPgliteFolder, testDatabaseTargets } from './index.ts';

/** What a migration leaves behind: every column, index, constraint and enum value, and the recorded migrations. */
async function shape(db: Database): Promise<unknown> {
  const query = (sql: string) => db.sql.query(sql);
  return {
    columns: await query(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`),
    indexes: await query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    constraints: await query(`SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    enums: await query(`SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, e.enumsortorder`),
    functions: await query(`SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
    triggers: await query(`SELECT tgrelid::regclass::text AS on_table, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`),
    migrations: (await query(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY 1`)),
  };
}

describe('PGlite test databases from the migrated template', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
  });

  it('have exactly the shape of a database migrated from empty, and start empty', async () => {
    const pglite = (await testDatabaseTargets()).find((target) => target.kind === 'pglite')!;
    const fromTemplate = await pglite.create();
    opened.push(fromTemplate);
    const fromEmpty = await openDatabase({ url: '', pgliteDir: 'memory://' });
    opened.push(fromEmpty);
    const result = await migrate(fromEmpty.sql);
    expect(result.applied.length).toBeGreaterThan(0);
    expect(await shape(fromTemplate)).toEqual(await shape(fromEmpty));
    expect(await fromTemplate.prisma.user.count()).toBe(0);
    expect(await fromTemplate.prisma.item.count()).toBe(0);
    // Each database is its own copy: a write to one is not in the next.
    await fromTemplate.prisma.user.create({ data: { externalId: 'only-here' } });
    const next = await pglite.create();
    opened.push(next);
    expect(await next.prisma.user.count()).toBe(0);
  });

  it('make a folder for a child process holding the migrated database, and refuse a folder that holds one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-template-folder-'));
    try {
      const folder = path.join(dir, 'pglite');
      await createMigratedPgliteFolder(folder);
      const db = await openDatabase({ url: '', pgliteDir: folder });
      try {
        expect((await migrate(db.sql)).applied).toEqual([]);
        await db.prisma.user.create({ data: { externalId: 'kept' } });
      } finally {
        await db.close();
      }
      await expect(createMigratedPgliteFolder(folder)).rejects.toThrow(`${folder} already holds a database`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
