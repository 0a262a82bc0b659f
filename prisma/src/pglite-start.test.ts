import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { PGLITE_SHARED_BUFFERS } from './pglite-start.ts';
import { createMigratedPgliteFolder } from './testing/pglite-template.ts';
import { testDatabaseTargets } from './testing/index.ts';

async function sharedBuffers(db: Pick<Database, 'sql'>): Promise<string> {
  const [row] = await db.sql.query<{ shared_buffers: string }>('SHOW shared_buffers');
  return row!.shared_buffers;
}

describe('PGlite starts with a small buffer pool (pglite-start.ts)', () => {
  it('in a data folder, as the api and every command open it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-pglite-start-'));
    try {
      await createMigratedPgliteFolder(path.join(dir, 'pglite'));
      const db = await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') });
      try {
        expect(PGLITE_SHARED_BUFFERS).toBe('16MB');
        expect(await sharedBuffers(db)).toBe(PGLITE_SHARED_BUFFERS);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('in memory from the migrated template, as test databases open it', async () => {
    const pglite = (await testDatabaseTargets()).find((target) => target.kind === 'pglite')!;
    const db = await pglite.create();
    try {
      expect(await sharedBuffers(db)).toBe(PGLITE_SHARED_BUFFERS);
    } finally {
      await db.dispose();
    }
  });
});
