import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { createMigratedPgliteFolder } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInteractions } from '../../services/record-interactions.ts';
import { withPgliteFolder } from '../testing/pglite-folder.ts';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';
import { deleteUsers } from './users-action.ts';

/**
 * `fewshot users delete` on the embedded database, the one an operator runs it against on a single machine. The
 * deletion itself (one function with the deleteUser mutation) is tested on both engines in delete-user.test.ts.
 */
describe('fewshot users delete', () => {
  let dir: string;
  let pgliteDir: string;
  const env = () => ({ FEWSHOT_DATA_DIR: dir, DATABASE_URL: '' });
  const withDatabase = <T>(work: (db: Database) => Promise<T>) => withPgliteFolder(pgliteDir, work);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-users-'));
    pgliteDir = path.join(dir, 'pglite');
    await createMigratedPgliteFolder(pgliteDir);
    await withDatabase(async (db) => {
      await db.prisma.item.createMany({ data: ['a', 'b'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
      await recordInteractions(db, [
        { userId: 'ana', itemId: 'a' }, { userId: 'ana', itemId: 'b' },
        { userId: 'ben@example.com', itemId: 'a' },
        { userId: 'cy', itemId: 'b' },
      ]);
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes the users named and in the file, each once, and ends with exit code 1 naming the ids it found no user for', async () => {
    const file = path.join(dir, 'erasure-requests.txt');
    await writeFile(file, '# erasure requests of the week\nben@example.com\n\n  ghost  \nana\n');
    const run = await fewshot(['users', 'delete', 'ana', '--from-file', file], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('deleted user "ana" and 2 events\ndeleted user "ben@example.com" and 1 event\n');
    expect(run.stderr).toContain(`deleted 2 users and 3 events in ${pgliteDir}`);
    expect(run.stderr).toContain('fewshot: 1 id had no user (deleted already, or never recorded; ids are the client\'s own, case matters): "ghost"');
    const left = await withDatabase((db) => db.sql.query<{ user: string; events: number }>('SELECT u.external_id AS user, count(x.id)::int AS events FROM users u LEFT JOIN interactions x ON x.user_id = u.id GROUP BY u.external_id'));
    expect(left).toEqual([{ user: 'cy', events: 1 }]);
  });

  it('refuses, before opening any database, a call without ids, an unreadable file, or a blank id', async () => {
    const options = { databaseUrl: 'postgresql://nobody@127.0.0.1:1/none' };
    await expect(deleteUsers([], options)).rejects.toThrow('name the users to delete: fewshot users delete <id...>, or --from-file <file> with one id per line');
    await expect(deleteUsers([], { ...options, fromFile: path.join(dir, 'missing.txt') })).rejects.toThrow(`cannot read --from-file ${path.join(dir, 'missing.txt')}: no such file`);
    await expect(deleteUsers(['ok', ' '], options)).rejects.toThrow('id 2 must be a non-empty id of at most 256 characters');
    const nulFile = path.join(dir, 'nul.txt');
    await writeFile(nulFile, 'fine\nbad\u0000id\n');
    await expect(deleteUsers([], { ...options, fromFile: nulFile })).rejects.toThrow(`${nulFile} line 2 must not contain a NUL character`);
  });
});
