import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { databaseBeforeMigration } from './testing/before-migration.ts';
import { testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const ROLES_MIGRATION = '20261203000000_api_key_roles';

describe.each(await testDatabaseTargets())('API key roles migration on $kind', ({ create }) => {
  let db: TestDatabase;
  databaseBeforeMigration(create, ROLES_MIGRATION, (opened) => (db = opened));

  it('renames READER to FRONTEND and WRITER to MERCHANDISER, keeping existing keys, and defaults to FRONTEND', async () => {
    await db.sql.exec(`INSERT INTO api_keys (name, prefix, key_hash, role) VALUES
      ('reader', 'p1', '${'1'.repeat(64)}', 'READER'), ('writer', 'p2', '${'2'.repeat(64)}', 'WRITER'), ('admin', 'p3', '${'3'.repeat(64)}', 'ADMIN')`);
    const result = await migrate(db.sql);
    expect(result.applied).toContain(ROLES_MIGRATION);
    const keys = await db.prisma.apiKey.findMany({ orderBy: { id: 'asc' }, select: { name: true, role: true } });
    expect(keys).toEqual([
      { name: 'reader', role: 'FRONTEND' },
      { name: 'writer', role: 'MERCHANDISER' },
      { name: 'admin', role: 'ADMIN' },
    ]);
    const created = await db.prisma.apiKey.create({ data: { name: 'default', prefix: 'p4', keyHash: '4'.repeat(64) } });
    expect(created.role).toBe('FRONTEND');
    const [defaulted] = await db.sql.query<{ role: string }>(`INSERT INTO api_keys (name, prefix, key_hash) VALUES ('sql', 'p5', '${'5'.repeat(64)}') RETURNING role::text`);
    expect(defaulted?.role).toBe('FRONTEND');
  });
});
