import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './create-api-key.ts';
import { KeyCache } from './key-cache.ts';
import { revokeApiKey } from './revoke-api-key.ts';

const [pglite] = await testDatabaseTargets();
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('KeyCache', () => {
  let db: TestDatabase;
  let lookups = 0;
  let counted: TestDatabase;
  beforeAll(async () => {
    db = await pglite!.create();
    // Counts key lookups: what the cache exists to avoid.
    counted = { ...db, sql: { ...db.sql, query: (text: string, params?: readonly unknown[]) => ((lookups += text.includes('FROM api_keys WHERE key_hash') ? 1 : 0), db.sql.query(text, params)) } } as TestDatabase;
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('asks the database once per key and time window, and again after it', async () => {
    const cache = new KeyCache(counted, { ttlMs: 200 });
    const { key, record } = await createApiKey(db, { role: 'FRONTEND', name: 'shop' });
    lookups = 0;
    for (let i = 0; i < 5; i++) expect(await cache.authenticate(bearer(key))).toEqual({ keyId: record.id, role: 'FRONTEND', name: 'shop' });
    expect(lookups).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await cache.authenticate(bearer(key));
    expect(lookups).toBe(2);
  });

  it('refuses a key revoked elsewhere once its window has passed, and at once when revoked through it', async () => {
    const cache = new KeyCache(db, { ttlMs: 150 });
    const elsewhere = await createApiKey(db, { role: 'ADMIN' });
    expect(await cache.authenticate(bearer(elsewhere.key))).not.toBeNull();
    await revokeApiKey(db, elsewhere.record.id); // the CLI, another replica
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cache.authenticate(bearer(elsewhere.key))).toBeNull();

    const here = await createApiKey(db, { role: 'ADMIN' });
    const slow = new KeyCache(db, { ttlMs: 60_000 });
    expect(await slow.authenticate(bearer(here.key))).not.toBeNull();
    await revokeApiKey(db, here.record.id);
    slow.forget(here.record.id);
    expect(await slow.authenticate(bearer(here.key))).toBeNull();
  });

  it('never remembers unknown or malformed keys', async () => {
    const cache = new KeyCache(counted, { ttlMs: 60_000 });
    lookups = 0;
    const unknown = `fsk_${'B'.repeat(43)}`;
    expect(await cache.authenticate(bearer(unknown))).toBeNull();
    expect(await cache.authenticate(bearer(unknown))).toBeNull();
    expect(lookups).toBe(2);
    expect(await cache.authenticate(bearer('not-a-key'))).toBeNull();
    expect(await cache.authenticate({})).toBeNull();
    expect(lookups).toBe(2);
  });
});
