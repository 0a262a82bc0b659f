import assert from 'node:assert/strict';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApolloServer } from '@apollo/server';
import { createApiKey } from './auth/create-api-key.ts';
import { revokeApiKey } from './auth/revoke-api-key.ts';
import { RateLimits } from './protection/rate-limits.ts';
import { createContext, createRequestContext, type ContextValue } from './context.ts';
import { createApolloServer } from './server.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function fixtureDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-api-'));
  writeFileSync(
    path.join(dir, 'items.csv'),
    'id,title,genres,year\n' + Array.from({ length: 25 }, (_, i) => `m${i + 1},Movie ${i + 1}${i === 2 ? ' Toy' : ''},${i % 2 ? 'Drama' : 'Comedy|Drama'},${1990 + i}`).join('\n') + '\n',
  );
  writeFileSync(
    path.join(dir, 'interactions.csv'),
    'user,item,timestamp,kind,value\n' + 'alice,m1,100,rating,4\nalice,m2,100,view,\nalice,m3,200,click,\nbob,m1,150,like,\n',
  );
  return dir;
}

const targets = await testDatabaseTargets();

describe.each(targets)('GraphQL api on $kind', ({ create }) => {
  let db: TestDatabase;
  let server: ApolloServer<ContextValue>;
  const state = { startedAt: Date.now(), seeding: false, rateLimits: new RateLimits({ perMinute: { FRONTEND: 600, MERCHANDISER: 1_200, ADMIN: 0, ANONYMOUS: 120, IMAGES: 1_200 }, trustedProxies: 0 }) };
  const keys = { frontend: '', admin: '', revoked: '' };
  const frontendIdentity = { keyId: 0, role: 'FRONTEND' as const, name: 'web shop' };

  /** Runs an operation as the api's HTTP layer would: the context authenticates the key sent (a frontend's by default). */
  async function run(query: string, variables?: Record<string, unknown>, key: string | null = keys.frontend) {
    const headers = key === null ? {} : { authorization: `Bearer ${key}` };
    const response = await server.executeOperation({ query, variables }, { contextValue: await createRequestContext(db, state, headers) });
    assert(response.body.kind === 'single');
    return response.body.singleResult;
  }

  beforeAll(async () => {
    db = await create();
    await importDataset(db, { dataset: openDataset(fixtureDir()) });
    const frontend = await createApiKey(db, { role: 'FRONTEND', name: 'web shop' });
    keys.frontend = frontend.key;
    frontendIdentity.keyId = frontend.record.id;
    keys.admin = (await createApiKey(db, { role: 'ADMIN', name: 'ops' })).key;
    const revoked = await createApiKey(db, { role: 'ADMIN', name: 'old laptop' });
    await revokeApiKey(db, revoked.record.id);
    keys.revoked = revoked.key;
    server = createApolloServer();
  });
  afterAll(async () => {
    await server.stop();
    await db.dispose();
  });

  it('answers health with the catalog size', async () => {
    const result = await run('{ health { status database seeding catalog { users items interactions } } }');
    expect(result).toEqual({ data: { health: { status: 'ok', database: db.kind, seeding: false, catalog: { users: 2, items: 25, interactions: 4 } } } });
  });

  it('pages through items with opaque cursors, oldest or newest first', async () => {
    const query = 'query($after: String, $order: ItemOrder) { items(first: 10, after: $after, orderBy: $order) { totalCount nodes { id } pageInfo { endCursor hasNextPage } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result = await run(query, { after });
      const items = (result.data as { items: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { endCursor: string; hasNextPage: boolean } } }).items;
      expect(items.totalCount).toBe(25);
      seen.push(...items.nodes.map((node) => node.id));
      expect(items.pageInfo.hasNextPage).toBe(page < 2);
      after = items.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `m${i + 1}`));
    const newest = await run(query, { order: 'NEWEST' });
    expect((newest.data as { items: { nodes: Array<{ id: string }> } }).items.nodes[0]).toEqual({ id: 'm25' });
  });

  it('filters items by title text and genre', async () => {
    const result = await run('{ toy: items(search: "toy") { totalCount nodes { id title year genres } } comedy: items(genre: "Comedy", first: 100) { totalCount } }');
    expect(result.data).toEqual({
      toy: { totalCount: 1, nodes: [{ id: 'm3', title: 'Movie 3 Toy', year: 1992, genres: ['Comedy', 'Drama'] }] },
      comedy: { totalCount: 13 },
    });
  });

  it('returns a user with their history, most recent first, same-second events newest-arrival first', async () => {
    const result = await run('{ user(id: "alice") { id interactionCount firstActiveAt lastActiveAt interactions(first: 5) { totalCount nodes { kind value item { id } } } } }');
    expect(result).toEqual({
      data: {
        user: {
          id: 'alice',
          interactionCount: 3,
          firstActiveAt: '1970-01-01T00:01:40.000Z',
          lastActiveAt: '1970-01-01T00:03:20.000Z',
          interactions: {
            totalCount: 3,
            nodes: [
              { kind: 'CLICK', value: null, item: { id: 'm3' } },
              { kind: 'VIEW', value: null, item: { id: 'm2' } },
              { kind: 'RATING', value: 4, item: { id: 'm1' } },
            ],
          },
        },
      },
    });
  });

  it('returns null for an unknown item or user, not an error', async () => {
    expect(await run('{ item(id: "nope") { id } user(id: "nobody") { id } }')).toEqual({ data: { item: null, user: null } });
  });

  it('batches nested lookups: one query per loader, not one per row', async () => {
    const statements: string[] = [];
    const counting = { ...db, sql: { ...db.sql, query: (text: string, params?: readonly unknown[]) => (statements.push(text), db.sql.query(text, params)) } };
    const response = await server.executeOperation(
      { query: '{ users(first: 10) { nodes { id interactionCount interactions(first: 10) { nodes { item { id interactionCount } } } } } }' },
      { contextValue: createContext(counting as TestDatabase, state, frontendIdentity) },
    );
    assert(response.body.kind === 'single');
    expect(response.body.singleResult.errors).toBeUndefined();
    // Two users with four events over three items: one count query for the users; for the items, one per user's
    // list at most (each list comes from its own query, and on PostgreSQL the two may resolve in different ticks,
    // so DataLoader may batch them separately), never one per event (four).
    expect(statements.filter((text) => text.includes('WHERE user_id = ANY'))).toHaveLength(1);
    expect(statements.filter((text) => text.includes('WHERE item_id = ANY')).length).toBeLessThanOrEqual(2);
  });

  it('lists API keys, without their secrets, to an admin key', async () => {
    const result = await run('{ apiKeys { name role prefix lastUsedAt revokedAt } }', undefined, keys.admin);
    expect(result.errors).toBeUndefined();
    const listed = (result.data as { apiKeys: Array<{ name: string; role: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null }> }).apiKeys;
    expect(listed.map(({ name, role }) => ({ name, role }))).toEqual([
      { name: 'web shop', role: 'FRONTEND' },
      { name: 'ops', role: 'ADMIN' },
      { name: 'old laptop', role: 'ADMIN' },
    ]);
    expect(listed[1]?.lastUsedAt).not.toBeNull();
    expect(listed[2]?.revokedAt).not.toBeNull();
    expect(listed.map((key) => key.prefix)).toEqual([keys.frontend, keys.admin, keys.revoked].map((key) => key.slice(0, 12)));
  });

  it('lets an admin create a key (shown once) and revoke it, and no one else', async () => {
    const created = await run('mutation { createApiKey(role: MERCHANDISER, name: "catalog team") { key apiKey { id name role prefix revokedAt } } }', undefined, keys.admin);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = (created.data as { createApiKey: { key: string; apiKey: { id: string; name: string; role: string; prefix: string; revokedAt: null } } }).createApiKey;
    expect(apiKey).toMatchObject({ name: 'catalog team', role: 'MERCHANDISER', prefix: key.slice(0, 12), revokedAt: null });
    expect((await run('{ items(first: 1) { totalCount } }', undefined, key)).errors).toBeUndefined();
    const revoked = await run(`mutation { revokeApiKey(id: "${apiKey.id}") { id revokedAt } }`, undefined, keys.admin);
    expect((revoked.data as { revokeApiKey: { revokedAt: string | null } }).revokeApiKey.revokedAt).not.toBeNull();
    expect((await run('{ items(first: 1) { totalCount } }', undefined, key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await run('mutation { createApiKey(role: ADMIN, name: "me") { key } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run('mutation { createApiKey(role: ADMIN, name: "  ") { key } }', undefined, keys.admin)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await run('mutation { revokeApiKey(id: "999999") { id } }', undefined, keys.admin)).errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect((await run('mutation { revokeApiKey(id: "1; drop") { id } }', undefined, keys.admin)).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it("shows each key's rate limit, its own or its role's, and lets an admin set it", async () => {
    type Limited = { id: string; rateLimitPerMinute: number | null; rateLimit: { perMinute: number | null; per: string; source: string } };
    const fields = 'id rateLimitPerMinute rateLimit { perMinute per source }';
    const created = await run(`mutation { createApiKey(role: FRONTEND, name: "busy shop", rateLimitPerMinute: 3000) { apiKey { ${fields} } } }`, undefined, keys.admin);
    const key = (created.data as { createApiKey: { apiKey: Limited } }).createApiKey.apiKey;
    expect(key).toMatchObject({ rateLimitPerMinute: 3000, rateLimit: { perMinute: 3000, per: 'KEY_AND_ADDRESS', source: 'KEY' } });
    const set = (perMinute: string) => run(`mutation { setApiKeyRateLimit(id: "${key.id}", perMinute: ${perMinute}) { ${fields} } }`, undefined, keys.admin);
    expect((await set('null')).data).toEqual({ setApiKeyRateLimit: { id: key.id, rateLimitPerMinute: null, rateLimit: { perMinute: 600, per: 'KEY_AND_ADDRESS', source: 'ROLE' } } });
    expect((await set('0')).data).toEqual({ setApiKeyRateLimit: { id: key.id, rateLimitPerMinute: 0, rateLimit: { perMinute: null, per: 'KEY_AND_ADDRESS', source: 'KEY' } } });
    // Admin keys have no limit by default (the console's key is one); a key sees its own.
    const listed = (await run('{ apiKeys { name rateLimit { perMinute per source } } }', undefined, keys.admin)).data as { apiKeys: Array<{ name: string; rateLimit: unknown }> };
    expect(listed.apiKeys.find((listedKey) => listedKey.name === 'ops')?.rateLimit).toEqual({ perMinute: null, per: 'KEY', source: 'ROLE' });
    // Each key's refusals in the last day: every key of the list read at once, one call (one MGET in Redis), not one per key.
    await state.rateLimits.noteRefusal(Number(key.id));
    await state.rateLimits.noteRefusal(Number(key.id));
    const reads: number[][] = [];
    const refusedLastDay = state.rateLimits.refusedLastDay.bind(state.rateLimits);
    state.rateLimits.refusedLastDay = (ids, now) => (reads.push([...ids]), refusedLastDay(ids, now));
    try {
      const refused = (await run('{ apiKeys { id refusedLastDay } }', undefined, keys.admin)).data as { apiKeys: Array<{ id: string; refusedLastDay: number }> };
      expect(refused.apiKeys.length).toBeGreaterThan(2);
      expect(refused.apiKeys.map((listedKey) => listedKey.refusedLastDay)).toEqual(refused.apiKeys.map((listedKey) => (listedKey.id === key.id ? 2 : 0)));
      expect(reads).toEqual([refused.apiKeys.map((listedKey) => Number(listedKey.id))]);
    } finally {
      state.rateLimits.refusedLastDay = refusedLastDay;
    }
    expect((await run('{ viewer { name rateLimit { perMinute per source } } }')).data).toEqual({ viewer: { name: 'web shop', rateLimit: { perMinute: 600, per: 'KEY_AND_ADDRESS', source: 'ROLE' } } });

    const error = async (query: string, key = keys.admin) => (await run(query, undefined, key)).errors?.[0];
    expect(await error(`mutation { setApiKeyRateLimit(id: "${key.id}", perMinute: -5) { id } }`)).toMatchObject({
      message: "a key's rate limit is a whole number of requests a minute from 0 (no limit) to 1,000,000, not -5",
      extensions: { code: 'BAD_USER_INPUT', details: { field: 'perMinute' } },
    });
    expect(await error('mutation { createApiKey(role: FRONTEND, name: "x", rateLimitPerMinute: 2000000) { key } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'rateLimitPerMinute' } } });
    expect(await error('mutation { setApiKeyRateLimit(id: "999999", perMinute: 5) { id } }')).toMatchObject({ extensions: { code: 'NOT_FOUND', details: { field: 'id' } } });
    expect(await error(`mutation { setApiKeyRateLimit(id: "${key.id}", perMinute: 5) { id } }`, keys.frontend)).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('answers { __typename } without a key', async () => {
    expect(await run('{ __typename }', undefined, null)).toEqual({ data: { __typename: 'Query' } });
  });

  describe('EXPECTED FAILURE', () => {
    it('refuses a request without a key, with an unknown key or with a revoked key: UNAUTHENTICATED', async () => {
      const message = 'no valid API key: send an API key in the Authorization header: Bearer <key>; create one with npx fewshot keys create --role frontend';
      const unknown = `fsk_${'A'.repeat(43)}`;
      for (const key of [null, unknown, 'wrong', keys.revoked]) {
        const result = await run('{ items(first: 1) { totalCount } }', undefined, key);
        expect(result, `key ${key}`).toMatchObject({ data: null, errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
      }
      const health = await run('{ health { status } }', undefined, null);
      expect(health.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a frontend key an admin-only query: FORBIDDEN naming the role', async () => {
      const result = await run('{ apiKeys { name } }');
      expect(result).toMatchObject({
        data: null,
        errors: [{ message: `this needs an API key with role admin; the key "web shop" (id ${frontendIdentity.keyId}) has role frontend`, extensions: { code: 'FORBIDDEN' } }],
      });
    });

    it('rejects a page size outside 1..100 with BAD_USER_INPUT naming the field', async () => {
      const result = await run('{ items(first: 0) { totalCount } }');
      expect(result.errors?.[0]).toMatchObject({ message: 'first must be an integer from 1 to 100, got 0', extensions: { code: 'BAD_USER_INPUT', details: { field: 'first' } } });
    });

    it('rejects a cursor it did not issue', async () => {
      const result = await run('{ users(after: "not-a-cursor") { totalCount } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('rejects crafted cursors and ids with a NUL character before they reach the database', async () => {
      const cursor = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');
      const notACursor = { message: 'after is not a cursor this API returned; pass the endCursor of the previous page', extensions: { code: 'BAD_USER_INPUT', details: { field: 'after' } } };
      // One query each: a failed non-null list field nulls the whole result and hides the errors of its siblings.
      for (const query of [
        `{ users(after: "${cursor([99999999999999999999])}") { totalCount } }`,
        `{ items(after: "${cursor(['abc'])}") { totalCount } }`,
        `{ user(id: "alice") { interactions(after: "${cursor([0, 'abc'])}") { totalCount } } }`,
      ]) {
        expect((await run(query)).errors).toEqual([expect.objectContaining(notACursor)]);
      }
      const nul = await run('{ item(id: "m\\u0000") { id } user(id: "\\u0000") { id } }');
      expect(nul.errors).toEqual([0, 1].map(() => expect.objectContaining({ message: 'id must not contain a NUL character (\\u0000)', extensions: { code: 'BAD_USER_INPUT', details: { field: 'id' } } })));
    });

    it('rejects an empty id', async () => {
      const result = await run('{ item(id: "  ") { id } }');
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('rejects a query deeper than the limit', async () => {
      const result = await run('{ users { nodes { interactions { nodes { user { interactions { nodes { item { id } } } } } } } } }');
      expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
    });

    it('masks an internal failure behind a generic message', async () => {
      const broken = { ...db, prisma: new Proxy(db.prisma, { get: () => { throw new Error('connection to 10.0.0.1 refused: secret detail'); } }) };
      const response = await server.executeOperation({ query: '{ item(id: "m1") { id } }' }, { contextValue: createContext(broken, state, frontendIdentity) });
      assert(response.body.kind === 'single');
      const error = response.body.singleResult.errors?.[0];
      expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(response.body.singleResult)).not.toMatch(/secret|10\.0\.0\.1/);
    });
  });
});
