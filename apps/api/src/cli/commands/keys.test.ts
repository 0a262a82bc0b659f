import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '@fewshot/db';
import { createMigratedPgliteFolder, testDatabaseTargets } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';
import { hashApiKey } from '../../auth/api-key.ts';
import { authenticate } from '../../auth/authenticate.ts';

// The CLI opens the database itself: PGlite in a folder (one process at a time), PostgreSQL through DATABASE_URL.
const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const targets = [
  {
    kind: 'pglite',
    prepare: async (dir: string) => {
      await createMigratedPgliteFolder(path.join(dir, 'pglite')); // the CLI then opens a migrated database, as after a first start
      return { env: { FEWSHOT_DATA_DIR: dir, DATABASE_URL: '' }, open: () => openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') }), dispose: async () => {} };
    },
  },
  ...(postgres
    ? [{
        kind: 'postgres',
        prepare: async () => {
          const db = await postgres.create();
          return { env: { DATABASE_URL: db.url ?? '' }, open: async () => db as Database, dispose: () => db.dispose() };
        },
      }]
    : []),
];

describe.each(targets)('fewshot keys on $kind', ({ kind, prepare }) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let open: () => Promise<Database>;
  let dispose: () => Promise<void>;

  /** Looks at what the CLI wrote; PGlite's folder is opened only between CLI runs and closed again. */
  async function inspect<T>(look: (db: Database) => Promise<T>): Promise<T> {
    const db = await open();
    try {
      return await look(db);
    } finally {
      if (kind === 'pglite') await db.close();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-keys-'));
    ({ env, open, dispose } = await prepare(dir));
  });
  afterAll(async () => {
    await dispose?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates keys printed once and stored hashed, lists them, and revokes one', async () => {
    const admin = await fewshot(['keys', 'create', '--role', 'admin', '--name', 'ops laptop'], env);
    expect(admin.code).toBe(0);
    const adminKey = admin.stdout.trim();
    expect(adminKey).toMatch(/^fsk_[A-Za-z0-9_-]{43}$/);
    expect(admin.stderr).toContain('created API key 1 "ops laptop" (role admin, prefix ');
    expect(admin.stderr).toContain('this key will not be shown again');
    const frontend = await fewshot(['keys', 'create', '--role', 'frontend'], env);
    const frontendKey = frontend.stdout.trim();
    expect(frontend.code).toBe(0);

    const stored = await inspect((db) => db.sql.query<{ key_hash: string; prefix: string }>('SELECT key_hash, prefix FROM api_keys ORDER BY id'));
    expect(stored).toEqual([
      { key_hash: hashApiKey(adminKey), prefix: adminKey.slice(0, 12) },
      { key_hash: hashApiKey(frontendKey), prefix: frontendKey.slice(0, 12) },
    ]);

    const revoke = await fewshot(['keys', 'revoke', '2'], env);
    expect(revoke).toMatchObject({ code: 0, stdout: `revoked API key 2 "frontend key" (role frontend, prefix ${frontendKey.slice(0, 12)})\n` });
    const list = await fewshot(['keys', 'list'], env);
    expect(list.code).toBe(0);
    const [header, first, second] = list.stdout.trim().split('\n').map((line) => line.split(/\s{2,}/));
    expect(header).toEqual(['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked']);
    expect(first).toEqual(['1', 'ops laptop', 'admin', adminKey.slice(0, 12), expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/), 'never', '-']);
    expect(second?.slice(0, 3)).toEqual(['2', 'frontend key', 'frontend']);
    expect(second?.[6]).toMatch(/UTC$/);
    expect(list.stdout).not.toContain(adminKey.slice(12));

    const identities = await inspect(async (db) => [
      await authenticate(db, { authorization: `Bearer ${adminKey}` }),
      await authenticate(db, { authorization: `Bearer ${frontendKey}` }),
    ]);
    expect(identities).toEqual([{ keyId: 1, role: 'ADMIN', name: 'ops laptop' }, null]);
  }, 300_000);

  it('names an id that has no key, exit code 1', async () => {
    const missing = await fewshot(['keys', 'revoke', '999'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('fewshot: no API key with id 999; npx fewshot keys list shows them');
  }, 120_000);
});

describe('fewshot keys: EXPECTED FAILURE', () => {
  // Refused by the argument parser, before any database is opened.
  const noDatabase = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };

  it('refuses an unknown or missing role, listing the roles', async () => {
    const unknown = await fewshot(['keys', 'create', '--role', 'writer'], noDatabase);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("option '--role <role>' argument 'writer' is invalid. Allowed choices are frontend, merchandiser, admin.");
    const missing = await fewshot(['keys', 'create'], noDatabase);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--role <role>' not specified");
  }, 120_000);

  it('refuses an id that is not a positive integer', async () => {
    const result = await fewshot(['keys', 'revoke', 'abc'], noDatabase);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("command-argument value 'abc' is invalid for argument 'id'. expected a positive integer");
  }, 120_000);
});
