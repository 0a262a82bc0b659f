import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { scrape } from '../support/prometheus.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';
import { redisUnavailableReason, startRedis, type StartedRedis } from '../support/redis.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const postgresReason = await postgresUnavailableReason();
const skipReason = !postgres ? `PostgreSQL is not reachable: ${postgresReason ?? 'unknown'}` : redisUnavailableReason();
const METRICS_TOKEN = 'rate-limits-metrics-token-0123';
const SHOP = 'https://shop.example';

interface Sent {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: Array<{ message: string; extensions: { code: string; details?: Record<string, unknown> } }> };
}

/**
 * Request rate limits as production runs them: two api replicas on PostgreSQL behind one proxy (so the client's
 * address comes from X-Forwarded-For), counting in one Redis of the test's own, which the last test stops answering.
 * Limits are small here (frontend 6 a minute per address, merchandiser 4 per key, no key 3 per address, images without a key 2) so that each
 * test reaches them in a few requests, each from addresses of its own.
 */
describe.skipIf(skipReason !== null)(`rate limits over HTTP on PostgreSQL and Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  let redis: StartedRedis;
  let redisDir = '';
  const apis: Started[] = [];
  const bases: string[] = [];
  const keys = { frontend: '', merchandiser: '', admin: '' };
  const output = () => [redis?.output() ?? '', ...apis.map((api) => api.output())].join('\n--- next process ---\n');

  /** One request as a browser on `SHOP` behind the proxy would send it, from `address`. */
  async function send(replica: number, key: string | null, address: string, query = '{ viewer { name } }', forwardedFor = address): Promise<Sent> {
    const response = await fetch(`${bases[replica]}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP, 'x-forwarded-for': forwardedFor, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Sent['body'] };
  }
  /** Statuses of `times` requests, alternating replicas. */
  async function statuses(times: number, key: string | null, address: string): Promise<number[]> {
    const answers: number[] = [];
    for (let i = 0; i < times; i++) answers.push((await send(i % 2, key, address)).status);
    return answers;
  }
  const setOwnLimit = (perMinute: number | null) => postGraphQL(`${bases[0]}/graphql`, 'mutation ($id: ID!, $perMinute: Int) { setApiKeyRateLimit(id: $id, perMinute: $perMinute) { rateLimit { perMinute source } } }', { id: frontendId, perMinute }, keys.admin);
  let frontendId = '';

  beforeAll(async () => {
    redisDir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-rate-redis-'));
    const [created, started] = await Promise.all([postgres!.create(), freePort().then((port) => startRedis(port, redisDir))]);
    [db, redis] = [created, started];
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: redis.url,
      FEWSHOT_QUEUE_PREFIX: `fewshot-rate-${process.pid}`,
      FEWSHOT_WORKERS: 'off',
      FEWSHOT_DEMO_CATALOG: 'off',
      FEWSHOT_RATE_LIMIT_FRONTEND: '6',
      FEWSHOT_RATE_LIMIT_MERCHANDISER: '4',
      FEWSHOT_RATE_LIMIT_ANONYMOUS: '3',
      FEWSHOT_RATE_LIMIT_IMAGES: '2',
      FEWSHOT_TRUSTED_PROXIES: '1',
      FEWSHOT_CORS_ORIGINS: SHOP,
      FEWSHOT_METRICS_TOKEN: METRICS_TOKEN,
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apis.push(startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { ...env, PORT: String(port) }));
    }
    const made = await Promise.all((['frontend', 'merchandiser', 'admin'] as const).map(async (role) => [role, await createApiKeyWithCli(role, { DATABASE_URL: db.url! })] as const));
    for (const [role, key] of made) keys[role] = key;
    for (const base of bases) await waitUntil(async () => (await fetch(`${base}/health`)).ok, 120_000, 'the api replicas to start', output);
    const viewer = await postGraphQL<{ viewer: { id: string } }>(`${bases[0]}/graphql`, '{ viewer { id } }', undefined, keys.frontend);
    frontendId = viewer.data!.viewer.id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop('SIGTERM')));
    redis?.child.kill('SIGCONT');
    await redis?.stop('SIGTERM');
    await db?.dispose();
    if (redisDir) await rm(redisDir, { recursive: true, force: true });
  });

  it('counts a frontend key per client address across both replicas, and refuses past it with 429 and when to come back', async () => {
    const answers: Sent[] = [];
    for (let i = 0; i < 6; i++) answers.push(await send(i % 2, keys.frontend, '198.51.100.1'));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['5', '4', '3', '2', '1', '0']);
    expect(answers[0]!.headers.get('ratelimit-limit')).toBe('6');
    expect(answers[0]!.headers.get('ratelimit-policy')).toBe('6;w=60');
    // A browser on the shop may read them.
    expect(answers[0]!.headers.get('access-control-expose-headers')).toBe('retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, ratelimit-policy');

    const refused = await send(0, keys.frontend, '198.51.100.1');
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(refused.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(refused.headers.get('connection')).toBe('close');
    expect(refused.body).toEqual({
      errors: [{
        message: `Too many requests: a frontend key from one address (the key "frontend (tests)", id ${frontendId}) may make 6 a minute; try again in ${retryAfter} s.`,
        extensions: { code: 'RATE_LIMITED', details: { limit: 6, windowSeconds: 60, retryAfterSeconds: retryAfter, per: 'key and address' } },
      }],
    });
    // Another visitor of the same shop has a budget of their own, on either replica.
    const other = await send(1, keys.frontend, '198.51.100.2');
    expect([other.status, other.headers.get('ratelimit-remaining')]).toEqual([200, '5']);
    // An address the client itself put before the proxy's is not believed.
    expect((await send(1, keys.frontend, '198.51.100.1', undefined, '203.0.113.99, 198.51.100.1')).status).toBe(429);
  });

  it("applies a key's own limit, set by an admin through one replica, at once on the other", async () => {
    expect(await statuses(7, keys.frontend, '198.51.100.3')).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect((await setOwnLimit(0)).data).toEqual({ setApiKeyRateLimit: { rateLimit: { perMinute: null, source: 'KEY' } } });
    const unlimited = await send(1, keys.frontend, '198.51.100.3');
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get('ratelimit-limit')).toBeNull();
    // What the minute has used still counts against a new limit: 7 so far, so the 8th is the last of 8.
    await setOwnLimit(8);
    const last = await send(1, keys.frontend, '198.51.100.3');
    expect([last.status, last.headers.get('ratelimit-limit'), last.headers.get('ratelimit-remaining')]).toEqual([200, '8', '0']);
    const over = await send(0, keys.frontend, '198.51.100.3');
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]?.message).toContain('(the key "frontend (tests)", id ' + frontendId + ', its own limit) may make 8 a minute');
    expect((await setOwnLimit(null)).data).toEqual({ setApiKeyRateLimit: { rateLimit: { perMinute: 6, source: 'ROLE' } } });
  });

  it('counts a merchandiser key per key from any address, lets admin keys through, and counts requests without a valid key per address', async () => {
    const merchandiser: number[] = [];
    for (let i = 0; i < 5; i++) merchandiser.push((await send(i % 2, keys.merchandiser, `10.1.0.${i}`)).status);
    expect(merchandiser).toEqual([200, 200, 200, 200, 429]);
    const admin = await Promise.all(Array.from({ length: 12 }, (_, i) => send(i % 2, keys.admin, '10.2.0.1')));
    expect(admin.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    expect(admin[0]!.headers.get('ratelimit-limit')).toBeNull();
    // No key, or one that is no key: the same budget of the address.
    const anonymous = [await send(0, null, '198.51.100.4'), await send(1, 'fsk_not-a-key', '198.51.100.4'), await send(0, null, '198.51.100.4'), await send(1, null, '198.51.100.4')];
    // `viewer` answers null without a key.
    expect(anonymous.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(anonymous[0]!.body).toEqual({ data: { viewer: null } });
    expect(anonymous[3]!.body.errors?.[0]?.message).toMatch(/^Too many requests: one address without a valid API key may make 3 a minute; try again in \d+ s\.$/);
    expect((await send(0, null, '198.51.100.5')).status).not.toBe(429);
  });

  it('counts item images asked for without a key per address, in a budget of their own, and a key\'s images as its requests', async () => {
    // Counted before the item is looked up: a flood of made-up ids is refused like any other.
    const image = async (replica: number, address: string, key?: string) => {
      const response = await fetch(`${bases[replica]}/images/items/nobody`, { headers: { 'x-forwarded-for': address, ...(key ? { authorization: `Bearer ${key}` } : {}) } });
      return { status: response.status, remaining: response.headers.get('ratelimit-remaining'), body: (await response.json()) as Sent['body'] };
    };
    const answers = [await image(0, '198.51.100.8'), await image(1, '198.51.100.8'), await image(0, '198.51.100.8')];
    expect(answers.map(({ status, remaining }) => [status, remaining])).toEqual([[404, '1'], [404, '0'], [429, '0']]);
    expect(answers[2]!.body.errors?.[0]?.message).toMatch(/^Too many requests: one address asking for item images without an API key may make 2 a minute; try again in \d+ s\.$/);
    // The address's GraphQL budget is its own; another address has its own images.
    expect((await send(1, null, '198.51.100.8')).status).toBe(200);
    expect((await image(1, '198.51.100.9')).status).toBe(404);
    // The console's server sends its people's keys: an admin's images are not counted, wherever they come from.
    const admin = await Promise.all(Array.from({ length: 4 }, (_, i) => image(i % 2, '198.51.100.8', keys.admin)));
    expect(admin.map(({ status, remaining }) => [status, remaining])).toEqual(Array(4).fill([404, null]));
  });

  it('counts refusals by caller in /metrics, and by key for the keys page', async () => {
    const refused = async (caller: string) => {
      let total = 0;
      for (const base of bases) total += (await scrape(`${base}/metrics`, METRICS_TOKEN)).samples.value('fewshot_rate_limited_total', { caller }) ?? 0;
      return total;
    };
    // The tests above: frontend 2 + 2, merchandiser 1, no key 1, images 1.
    expect([await refused('frontend'), await refused('merchandiser'), await refused('anonymous'), await refused('admin'), await refused('images')]).toEqual([4, 1, 1, 0, 1]);
    // Per key, for the keys page: both replicas' refusals, read through either.
    for (const replica of [0, 1]) {
      const listed = await postGraphQL<{ apiKeys: Array<{ role: string; refusedLastDay: number }> }>(`${bases[replica]}/graphql`, '{ apiKeys { role refusedLastDay } }', undefined, keys.admin);
      expect(Object.fromEntries(listed.data!.apiKeys.map((key) => [key.role, key.refusedLastDay]))).toEqual({ FRONTEND: 4, MERCHANDISER: 1, ADMIN: 0 });
    }
  });

  it('keeps serving while Redis does not answer, each replica counting alone, and counts together again once it does', async () => {
    redis.child.kill('SIGSTOP');
    try {
      // Each replica waits a quarter of a second for Redis, then counts in its own memory.
      const first: number[] = [];
      for (let i = 0; i < 7; i++) first.push((await send(0, keys.frontend, '198.51.100.6')).status);
      expect(first).toEqual([200, 200, 200, 200, 200, 200, 429]);
      expect((await send(1, keys.frontend, '198.51.100.6')).status).toBe(200);
      expect(apis[0]!.output()).toMatch(/fewshot api: rate limits: Redis did not count a request \(.*\); this replica counts alone until it does/);
    } finally {
      redis.child.kill('SIGCONT');
    }
    // Shared again once one replica's count reaches the other (each probe from an address of its own).
    let probe = 0;
    await waitUntil(async () => {
      const address = `192.0.2.${++probe}`;
      await send(0, keys.frontend, address);
      return (await send(1, keys.frontend, address)).headers.get('ratelimit-remaining') === '4';
    }, 30_000, 'the replicas to count in Redis again', output);
    expect(await statuses(7, keys.frontend, '198.51.100.7')).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});
