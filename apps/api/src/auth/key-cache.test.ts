import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../serving/change-feed.ts';
import { createApiKey } from './create-api-key.ts';
import { KeyCache } from './key-cache.ts';
import { revokeApiKey } from './revoke-api-key.ts';

const targets = await testDatabaseTargets();
const [pglite] = targets;
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
    for (let i = 0; i < 5; i++) expect(await cache.authenticate(bearer(key))).toEqual({ keyId: record.id, role: 'FRONTEND', name: 'shop', rateLimitPerMinute: null });
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

describe.each(targets)('KeyCache following change notifications on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  let feed: ChangeFeed;
  let cache: KeyCache;
  let lookups = 0;
  /** Runs between a key's lookup and its answer (a revocation racing the read). */
  let duringLookup: (() => Promise<void>) | undefined;
  /** Another writer: a second connection on PostgreSQL (another replica, the CLI); the same database on PGlite. */
  let writer: { query: (text: string, params?: unknown[]) => Promise<unknown>; end?: () => Promise<void> };
  const barrier = () => feed.sync();

  beforeAll(async () => {
    db = await create();
    const counted = {
      ...db,
      sql: {
        ...db.sql,
        query: async (text: string, params?: readonly unknown[]) => {
          const rows = await db.sql.query(text, params);
          if (text.includes('FROM api_keys WHERE key_hash')) {
            lookups++;
            await duringLookup?.();
          }
          return rows;
        },
      },
    } as TestDatabase;
    // Both windows far longer than the test: only a notification can explain a refusal.
    cache = new KeyCache(counted, { ttlMs: 60_000, followedTtlMs: 60_000 });
    feed = await ChangeFeed.follow(db, { change: (change) => cache.change(change), reset: () => cache.reset() }, () => undefined);
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      writer = { query: (text, params) => client.query(text, params), end: () => client.end() };
    } else {
      writer = { query: (text, params) => db.sql.query(text, params) };
    }
  });
  afterAll(async () => {
    await writer?.end?.();
    await feed?.close();
    await db?.dispose();
  });

  it('refuses a key revoked by another writer on the very next request, without waiting out any window', async () => {
    const { key, record } = await createApiKey(db, { role: 'FRONTEND' });
    const unfollowed = new KeyCache(db, { ttlMs: 60_000 });
    expect(await unfollowed.authenticate(bearer(key))).not.toBeNull();
    lookups = 0;
    for (let i = 0; i < 3; i++) expect(await cache.authenticate(bearer(key), barrier)).toMatchObject({ keyId: record.id });
    expect(lookups).toBe(1); // remembered between requests
    await writer.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [record.id]);
    expect(await cache.authenticate(bearer(key), barrier)).toBeNull();
    // The same revocation, not followed: the key stays accepted for its whole window (what the notification fixes).
    expect(await unfollowed.authenticate(bearer(key))).not.toBeNull();
  });

  it('forgets a key whose role changed, and does not keep an answer read before a change that arrived meanwhile', async () => {
    const { key, record } = await createApiKey(db, { role: 'ADMIN' });
    expect(await cache.authenticate(bearer(key), barrier)).toMatchObject({ role: 'ADMIN' });
    await writer.query(`UPDATE api_keys SET role = 'FRONTEND' WHERE id = $1`, [record.id]);
    expect(await cache.authenticate(bearer(key), barrier)).toMatchObject({ role: 'FRONTEND' });

    // The lookup reads the key, then the revocation commits and its notification arrives before the answer is kept.
    cache.reset();
    duringLookup = async () => {
      duringLookup = undefined;
      await writer.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [record.id]);
      await feed.sync();
    };
    expect(await cache.authenticate(bearer(key), barrier)).toMatchObject({ keyId: record.id }); // read before the commit
    lookups = 0;
    expect(await cache.authenticate(bearer(key), barrier)).toBeNull();
    expect(lookups).toBe(1); // not answered from memory
  });

  it('trusts a remembered key past the short window only while its request passed a barrier', async () => {
    const short = new KeyCache(db, { ttlMs: 100, followedTtlMs: 60_000 });
    const { key, record } = await createApiKey(db, { role: 'FRONTEND' });
    expect(await short.authenticate(bearer(key), barrier)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await short.authenticate(bearer(key), barrier)).not.toBeNull(); // followed: still trusted
    await revokeApiKey(db, record.id); // not followed by `short`: only its window can end the trust
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await short.authenticate(bearer(key), async () => false)).toBeNull(); // notifications may be missed
  });
});
