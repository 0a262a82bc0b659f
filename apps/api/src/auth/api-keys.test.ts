import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeyRole } from './api-key.ts';
import { authenticate, presentedApiKey } from './authenticate.ts';
import { ensureConsoleKey } from './console-key.ts';
import { createApiKey } from './create-api-key.ts';
import { listApiKeys } from './list-api-keys.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import { setApiKeyRateLimit } from './set-api-key-rate-limit.ts';

const targets = await testDatabaseTargets();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe.each(targets)('API keys on $kind', ({ create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('stores the sha256 of a random key and a short prefix, never the key', async () => {
    const { key, record } = await createApiKey(db, { role: 'MERCHANDISER', name: 'shop backoffice' });
    expect(key).toMatch(/^fsk_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ name: 'shop backoffice', role: 'MERCHANDISER', prefix: key.slice(0, 12), lastUsedAt: null, revokedAt: null });
    expect(record).not.toHaveProperty('keyHash');
    const [row] = await db.sql.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [record.id]);
    expect(row?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    const other = await createApiKey(db, { role: 'FRONTEND' });
    expect(other.key).not.toBe(key);
    expect(other.record.name).toBe('frontend key');
  });

  it('authenticates a key sent as a Bearer token or in x-api-key', async () => {
    const { key, record } = await createApiKey(db, { role: 'FRONTEND', name: 'web' });
    const identity = { keyId: record.id, role: 'FRONTEND', name: 'web', rateLimitPerMinute: null };
    expect(await authenticate(db, bearer(key))).toEqual(identity);
    expect(await authenticate(db, { authorization: `bearer   ${key} ` })).toEqual(identity);
    expect(await authenticate(db, { 'x-api-key': key })).toEqual(identity);
  });

  it('records the last use at most once a minute', async () => {
    const { key, record } = await createApiKey(db, { role: 'FRONTEND' });
    const lastUsed = async () => (await db.prisma.apiKey.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt;
    await authenticate(db, bearer(key));
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await authenticate(db, bearer(key));
    expect(await lastUsed()).toEqual(first);
    await db.sql.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [record.id]);
    await authenticate(db, bearer(key));
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 30_000);
  });

  it("carries a key's own rate limit to its identity, set at creation or later, null for its role's", async () => {
    const { key, record } = await createApiKey(db, { role: 'FRONTEND', name: 'busy shop', rateLimitPerMinute: 5_000 });
    expect(record.rateLimitPerMinute).toBe(5_000);
    expect(await authenticate(db, bearer(key))).toMatchObject({ rateLimitPerMinute: 5_000 });
    expect(await setApiKeyRateLimit(db, record.id, 0)).toMatchObject({ id: record.id, rateLimitPerMinute: 0 });
    expect(await authenticate(db, bearer(key))).toMatchObject({ rateLimitPerMinute: 0 });
    await setApiKeyRateLimit(db, record.id, null);
    expect(await authenticate(db, bearer(key))).toMatchObject({ rateLimitPerMinute: null });
    await expect(setApiKeyRateLimit(db, record.id, -1)).rejects.toThrow("a key's rate limit is a whole number of requests a minute from 0 (no limit) to 1,000,000, not -1");
    await expect(setApiKeyRateLimit(db, record.id, 1.5)).rejects.toThrow('not 1.5');
    await expect(createApiKey(db, { role: 'FRONTEND', rateLimitPerMinute: 1_000_001 })).rejects.toThrow('not 1000001');
    await expect(setApiKeyRateLimit(db, 999_999, 10)).rejects.toThrow('no API key with id 999999');
    // The database holds the same range, whoever writes.
    await expect(db.sql.query('UPDATE api_keys SET rate_limit_per_minute = -1 WHERE id = $1', [record.id])).rejects.toThrow(/api_keys_rate_limit_per_minute_check/);
  });

  it('lists keys without their hashes and revokes once', async () => {
    const { record } = await createApiKey(db, { role: 'ADMIN', name: 'ops' });
    const revoked = await revokeApiKey(db, record.id);
    expect(revoked.alreadyRevoked).toBe(false);
    expect(revoked.key.revokedAt).toBeInstanceOf(Date);
    const again = await revokeApiKey(db, record.id);
    expect(again).toEqual({ key: revoked.key, alreadyRevoked: true });
    const listed = await listApiKeys(db);
    expect(listed.map((key) => key.id)).toEqual([...listed.map((key) => key.id)].sort((a, b) => a - b));
    expect(listed.find((key) => key.id === record.id)).toEqual(revoked.key);
    expect(listed.every((key) => !('keyHash' in key))).toBe(true);
  });

  it('keeps the console key in a 0600 file and makes a new one when it was revoked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-console-key-'));
    try {
      const file = path.join(dir, 'nested', 'console-api-key');
      const first = await ensureConsoleKey(db, file);
      expect(first.created).toBe(true);
      expect((await readFile(file, 'utf8')).trim()).toBe(first.key);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await authenticate(db, bearer(first.key))).toMatchObject({ role: 'ADMIN', name: 'console (npm start)' });
      expect(await ensureConsoleKey(db, file)).toEqual({ key: first.key, created: false });
      const identity = await authenticate(db, bearer(first.key));
      await revokeApiKey(db, identity?.keyId ?? 0);
      const second = await ensureConsoleKey(db, file);
      expect(second.created).toBe(true);
      expect(second.key).not.toBe(first.key);
      await writeFile(file, 'garbage');
      expect((await ensureConsoleKey(db, file)).created).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('EXPECTED FAILURE', () => {
    it('refuses a revoked key', async () => {
      const { key, record } = await createApiKey(db, { role: 'ADMIN' });
      expect(await authenticate(db, bearer(key))).not.toBeNull();
      await revokeApiKey(db, record.id);
      expect(await authenticate(db, bearer(key))).toBeNull();
      expect(await authenticate(db, { 'x-api-key': key })).toBeNull();
    });

    it('refuses a missing, unknown, malformed or altered key', async () => {
      const { key } = await createApiKey(db, { role: 'ADMIN' });
      const altered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
      expect(await authenticate(db, {})).toBeNull();
      expect(await authenticate(db, bearer(altered))).toBeNull();
      expect(await authenticate(db, bearer('fsk_' + 'x'.repeat(43)))).toBeNull();
      expect(await authenticate(db, bearer('not a key'))).toBeNull();
      expect(await authenticate(db, { authorization: `Basic ${key}` })).toBeNull();
      expect(await authenticate(db, bearer(createHash('sha256').update(key).digest('hex')))).toBeNull();
    });

    it('names an id that has no key', async () => {
      await expect(revokeApiKey(db, 999_999)).rejects.toThrow('no API key with id 999999; npx fewshot keys list shows them');
      await expect(revokeApiKey(db, 2 ** 40)).rejects.toThrow('no API key with id');
    });
  });
});

describe('reading credentials and roles', () => {
  it('prefers the Authorization header and ignores other schemes', () => {
    expect(presentedApiKey({ authorization: 'Bearer a', 'x-api-key': 'b' })).toBe('a');
    expect(presentedApiKey({ authorization: 'Basic a', 'x-api-key': ' b ' })).toBe('b');
    expect(presentedApiKey({ 'x-api-key': '' })).toBeUndefined();
  });

  it('parses role names in any case and lists the roles for an unknown one', () => {
    expect(parseApiKeyRole('merchandiser')).toBe('MERCHANDISER');
    expect(() => parseApiKeyRole('writer')).toThrow('unknown role "writer": use frontend, merchandiser, admin');
  });
});
