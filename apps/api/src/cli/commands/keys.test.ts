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
    expect(header).toEqual(['id', 'name', 'role', 'prefix', 'rate limit', 'created', 'last used', 'revoked']);
    expect(first).toEqual(['1', 'ops laptop', 'admin', adminKey.slice(0, 12), "role's", expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/), 'never', '-']);
    expect(second?.slice(0, 3)).toEqual(['2', 'frontend key', 'frontend']);
    expect(second?.[7]).toMatch(/UTC$/);
    expect(list.stdout).not.toContain(adminKey.slice(12));

    const identities = await inspect(async (db) => [
      await authenticate(db, { authorization: `Bearer ${adminKey}` }),
      await authenticate(db, { authorization: `Bearer ${frontendKey}` }),
    ]);
    expect(identities).toEqual([{ keyId: 1, role: 'ADMIN', name: 'ops laptop', rateLimitPerMinute: null }, null]);
  }, 300_000);

  it("gives a key its own rate limit at creation and later, and returns it to its role's", async () => {
    const created = await fewshot(['keys', 'create', '--role', 'frontend', '--name', 'big shop', '--rate-limit', '3000'], env);
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/created API key (\d+) "big shop" \(role frontend, prefix \S+, rate limit 3000\/min per address\)/);
    const id = /created API key (\d+)/.exec(created.stderr)![1]!;
    const limitOf = async () => (await inspect((db) => db.prisma.apiKey.findUniqueOrThrow({ where: { id: Number(id) } }))).rateLimitPerMinute;
    expect(await limitOf()).toBe(3000);
    expect(await fewshot(['keys', 'limit', id, 'off'], env)).toMatchObject({ code: 0, stdout: `API key ${id} "big shop" (role frontend): rate limit none; every api replica applies it at the key's next request\n` });
    expect(await limitOf()).toBe(0);
    expect((await fewshot(['keys', 'limit', id, 'default'], env)).stdout).toContain("rate limit role's;");
    expect(await limitOf()).toBeNull();
    const tooMany = await fewshot(['keys', 'limit', id, '2000000'], env);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain("fewshot: a key's rate limit is a whole number of requests a minute from 0 (no limit) to 1,000,000, not 2000000");
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

  it('refuses a rate limit that is not a number of requests, off or default', async () => {
    for (const value of ['fast', '-1', '1.5', '']) {
      const result = await fewshot(['keys', 'limit', '3', value], noDatabase);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("expected requests a minute (a whole number; 0 or off: no limit) or default (the role's limit)");
    }
    const create = await fewshot(['keys', 'create', '--role', 'frontend', '--rate-limit', 'lots'], noDatabase);
    expect(create.stderr).toContain("option '--rate-limit <perMinute>' argument 'lots' is invalid.");
  }, 120_000);

  it('refuses an id that is not a positive integer', async () => {
    const result = await fewshot(['keys', 'revoke', 'abc'], noDatabase);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("command-argument value 'abc' is invalid for argument 'id'. expected a positive integer");
  }, 120_000);
});
