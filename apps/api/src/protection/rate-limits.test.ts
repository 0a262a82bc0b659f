import { once } from 'node:events';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyIdentity } from '../auth/authenticate.ts';
import { DEFAULT_REDIS_URL } from '../cli/bench/onboarding/onboarding.ts';
import { deletePrefixKeys, redisUnreachableReason } from '../cli/bench/onboarding/redis-prefix.ts';
import { readEnv } from '../env.ts';
import { openRedis } from '../jobs/redis-connection.ts';
import { ProxyRanges } from './client-address.ts';
import { RateLimitedError, RateLimits, rateLimitHeaders, rateLimitSettings, type RateLimitSettings } from './rate-limits.ts';

const from = (peer: string) => ({ headers: {}, socket: { remoteAddress: peer } }) as Pick<http.IncomingMessage, 'headers' | 'socket'>;
const key = (keyId: number, role: ApiKeyIdentity['role'], rateLimitPerMinute: number | null = null): ApiKeyIdentity => ({ keyId, role, name: `${role.toLowerCase()} ${keyId}`, rateLimitPerMinute });
const settings: RateLimitSettings = { perMinute: { FRONTEND: 3, MERCHANDISER: 2, ADMIN: 0, ANONYMOUS: 1, IMAGES: 2 }, trustedProxies: 0 };

/** Whether each of `times` requests is let through, in order. */
async function allowed(limits: RateLimits, times: number, peer: string, auth: ApiKeyIdentity | null): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let i = 0; i < times; i++) answers.push((await limits.check(from(peer), auth))?.allowed ?? true);
  return answers;
}

describe('RateLimits in one process', () => {
  it('counts a frontend key per address, other keys per key, no key per address; 0 is no limit', async () => {
    const limits = new RateLimits(settings);
    const shop = key(1, 'FRONTEND');
    expect(await allowed(limits, 4, '198.51.100.1', shop)).toEqual([true, true, true, false]);
    // Another visitor of the same shop has a budget of their own; another shop's key too.
    expect(await allowed(limits, 1, '198.51.100.2', shop)).toEqual([true]);
    expect(await allowed(limits, 1, '198.51.100.1', key(2, 'FRONTEND'))).toEqual([true]);
    // A merchandiser's key is one budget wherever its requests come from.
    const merchandiser = key(3, 'MERCHANDISER');
    expect([...(await allowed(limits, 1, '10.0.0.1', merchandiser)), ...(await allowed(limits, 2, '10.0.0.2', merchandiser))]).toEqual([true, true, false]);
    // No limit for admins (the console's key): nothing is counted.
    expect(await limits.check(from('10.0.0.1'), key(4, 'ADMIN'))).toBeNull();
    // Without a key: per address.
    expect(await allowed(limits, 2, '203.0.113.9', null)).toEqual([true, false]);
    expect(await allowed(limits, 1, '203.0.113.10', null)).toEqual([true]);
  });

  it('counts images without a key per address in a budget of their own, and with a key as that key\'s requests', async () => {
    const limits = new RateLimits(settings);
    const images = async (times: number, peer: string, auth: ApiKeyIdentity | null) => {
      const verdicts = [];
      for (let i = 0; i < times; i++) verdicts.push(await limits.checkImage(from(peer), auth));
      return verdicts.map((verdict) => verdict?.allowed ?? 'uncounted');
    };
    expect(await images(3, '198.51.100.1', null)).toEqual([true, true, false]);
    // The address's GraphQL budget is untouched by its images, and the other way round.
    expect(await allowed(limits, 1, '198.51.100.1', null)).toEqual([true]);
    expect(await images(1, '198.51.100.2', null)).toEqual([true]);
    // The console's server sends its people's keys: an admin's images are not counted, a merchandiser's count as its requests.
    expect(await images(5, '198.51.100.1', key(4, 'ADMIN'))).toEqual(Array(5).fill('uncounted'));
    const merchandiser = key(3, 'MERCHANDISER');
    expect([...(await images(1, '10.0.0.1', merchandiser)), ...(await allowed(limits, 2, '10.0.0.1', merchandiser))]).toEqual([true, true, false]);
    const refused = await limits.checkImage(from('198.51.100.1'), null);
    expect(refused).toMatchObject({ allowed: false, caller: 'IMAGES', scope: 'address', limit: 2 });
    expect(new RateLimitedError(refused!, null).message).toBe(`Too many requests: one address asking for item images without an API key may make 2 a minute; try again in ${refused!.resetSeconds} s.`);
    expect(await new RateLimits({ ...settings, perMinute: { ...settings.perMinute, IMAGES: 0 } }).checkImage(from('198.51.100.1'), null)).toBeNull();
  });

  it('counts each key\'s refusals by the hour for a day, whatever address they came from', async () => {
    const limits = new RateLimits(settings);
    const shop = key(1, 'FRONTEND');
    await allowed(limits, 5, '198.51.100.1', shop);
    await allowed(limits, 4, '198.51.100.2', shop);
    await allowed(limits, 3, '10.0.0.1', key(3, 'MERCHANDISER'));
    await allowed(limits, 3, '203.0.113.1', null);
    expect(await limits.refusedLastDay([1, 3, 4])).toEqual(new Map([[1, 3], [3, 1], [4, 0]]));
    // By the hour: 23 hours back still counts, 24 no longer.
    const now = Date.now();
    await limits.noteRefusal(9, now - 23 * 3_600_000);
    await limits.noteRefusal(9, now - 24 * 3_600_000);
    expect((await limits.refusedLastDay([9], now)).get(9)).toBe(1);
  });

  it("a key's own limit overrides its role's, 0 taking it off", async () => {
    const limits = new RateLimits(settings);
    expect(await allowed(limits, 6, '198.51.100.1', key(1, 'FRONTEND', 5))).toEqual([true, true, true, true, true, false]);
    expect(await limits.check(from('198.51.100.1'), key(2, 'FRONTEND', 0))).toBeNull();
    expect(await allowed(limits, 2, '10.0.0.1', key(3, 'ADMIN', 1))).toEqual([true, false]);
  });

  it('says what is left and when the window ends, and starts again after it', async () => {
    const limits = new RateLimits(settings, { windowSeconds: 1 });
    const shop = key(1, 'FRONTEND');
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push((await limits.check(from('198.51.100.1'), shop))!);
    expect(verdicts.map((verdict) => verdict.remaining)).toEqual([2, 1, 0, 0]);
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toMatchObject({ limit: 3, resetSeconds: 1, caller: 'FRONTEND', scope: 'key and address', windowSeconds: 1 });
    expect(rateLimitHeaders(verdicts[0]!)).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-reset': '1', 'ratelimit-policy': '3;w=1' });
    expect(rateLimitHeaders(verdicts[3]!)).toMatchObject({ 'ratelimit-remaining': '0', 'retry-after': '1' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await allowed(limits, 1, '198.51.100.1', shop)).toEqual([true]);
  });

  it('counts addresses from X-Forwarded-For only behind trusted proxies', async () => {
    const behind = (forwardedFor: string) => ({ headers: { 'x-forwarded-for': forwardedFor }, socket: { remoteAddress: '10.0.0.1' } }) as unknown as Pick<http.IncomingMessage, 'headers' | 'socket'>;
    const direct = new RateLimits(settings);
    // Not trusted: every forged header is still the one peer.
    expect((await direct.check(behind('198.51.100.1'), null))!.allowed).toBe(true);
    expect((await direct.check(behind('198.51.100.2'), null))!.allowed).toBe(false);
    const proxied = new RateLimits({ ...settings, trustedProxies: 1 });
    expect((await proxied.check(behind('198.51.100.1'), null))!.allowed).toBe(true);
    expect((await proxied.check(behind('198.51.100.2'), null))!.allowed).toBe(true);
    expect((await proxied.check(behind('6.6.6.6, 198.51.100.2'), null))!.allowed).toBe(false);
    // Trusted by range: the balancer and an inner proxy both skipped, the forged entry before the client not read.
    const ranged = new RateLimits({ ...settings, trustedProxies: new ProxyRanges(['10.0.0.0/8']) });
    expect((await ranged.check(behind('6.6.6.6, 198.51.100.3, 10.0.0.7'), null))!.allowed).toBe(true);
    expect((await ranged.check(behind('7.7.7.7, 198.51.100.3'), null))!.allowed).toBe(false);
  });

  it('refuses with a message that names the key, the limit and when to come back', () => {
    const limits = new RateLimits(settings);
    const verdict = { allowed: false, limit: 600, remaining: 0, resetSeconds: 17, caller: 'FRONTEND' as const, scope: 'key and address' as const, windowSeconds: 60 };
    const error = new RateLimitedError(verdict, key(7, 'FRONTEND'));
    expect(error.message).toBe('Too many requests: a frontend key from one address (the key "frontend 7", id 7) may make 600 a minute; try again in 17 s.');
    expect(error.extensions).toEqual({ code: 'RATE_LIMITED', details: { limit: 600, windowSeconds: 60, retryAfterSeconds: 17, per: 'key and address' } });
    expect(new RateLimitedError({ ...verdict, caller: 'ANONYMOUS', scope: 'address', limit: 120 }, null).message).toBe('Too many requests: one address without a valid API key may make 120 a minute; try again in 17 s.');
    expect(new RateLimitedError({ ...verdict, caller: 'MERCHANDISER', scope: 'key' }, key(8, 'MERCHANDISER', 600)).message).toContain('a merchandiser key (the key "merchandiser 8", id 8, its own limit)');
    expect(limits.limitFor(key(8, 'MERCHANDISER', 600))).toBe(600);
  });

  it('reads its settings from the configuration, with defaults for each role', () => {
    expect(rateLimitSettings(readEnv({}))).toEqual({ perMinute: { FRONTEND: 600, MERCHANDISER: 1_200, ADMIN: 0, ANONYMOUS: 120, IMAGES: 1_200 }, trustedProxies: 0 });
    expect(rateLimitSettings(readEnv({ FEWSHOT_RATE_LIMIT_FRONTEND: '0', FEWSHOT_TRUSTED_PROXIES: '1' }))).toMatchObject({ perMinute: { FRONTEND: 0 }, trustedProxies: 1 });
    expect(() => readEnv({ FEWSHOT_RATE_LIMIT_ANONYMOUS: '-1' })).toThrow('FEWSHOT_RATE_LIMIT_ANONYMOUS');
    // Proxies by address: the settings carry the ranges, and a request is counted by the first untrusted hop.
    const ranged = rateLimitSettings(readEnv({ FEWSHOT_TRUSTED_PROXIES: '10.0.0.0/8,loopback' })).trustedProxies;
    expect(ranged).toBeInstanceOf(ProxyRanges);
    expect((ranged as ProxyRanges).entries).toEqual(['10.0.0.0/8', 'loopback']);
    expect(() => readEnv({ FEWSHOT_TRUSTED_PROXIES: '10.0.0.0/8,balancer' })).toThrow('FEWSHOT_TRUSTED_PROXIES: "balancer" is not a count, an IP address, a CIDR range');
  });
});

const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;
const skipReason = await redisUnreachableReason(redisUrl);

describe.skipIf(skipReason !== null)(`RateLimits on Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const prefix = `fewshot-rate-test-${process.pid}-${Date.now()}`;
  const connections: ReturnType<typeof openRedis>[] = [];
  const open = () => {
    const redis = openRedis(redisUrl, 'rate-limits-test', { producer: true, commandTimeoutMs: 250 });
    connections.push(redis);
    return redis;
  };

  beforeAll(async () => {
    // A producer connection refuses commands until it is ready (as the api's does, counting alone meanwhile).
    await Promise.all([open(), open()].map((redis) => once(redis, 'ready')));
  });
  afterAll(async () => {
    await deletePrefixKeys(redisUrl, prefix);
    await Promise.all(connections.map((redis) => redis.quit().catch(() => undefined)));
  });

  it('shares one budget between replicas, and keeps deployments apart by prefix', async () => {
    const [a, b] = [new RateLimits(settings, { redis: connections[0], prefix }), new RateLimits(settings, { redis: connections[1], prefix })];
    const shop = key(1, 'FRONTEND');
    expect([...(await allowed(a, 2, '198.51.100.1', shop)), ...(await allowed(b, 2, '198.51.100.1', shop))]).toEqual([true, true, true, false]);
    const verdict = (await a.check(from('198.51.100.1'), shop))!;
    expect(verdict).toMatchObject({ allowed: false, remaining: 0 });
    expect(verdict.resetSeconds).toBeGreaterThanOrEqual(59);
    expect(verdict.resetSeconds).toBeLessThanOrEqual(60);
    // Each replica's refusals, read from either.
    await expect.poll(() => b.refusedLastDay([1]).then((counts) => counts.get(1))).toBe(2);
    const other = new RateLimits(settings, { redis: connections[0], prefix: `${prefix}-other` });
    expect(await allowed(other, 1, '198.51.100.1', shop)).toEqual([true]);
    await deletePrefixKeys(redisUrl, `${prefix}-other`);
  });

  it('counts in the process while Redis does not answer, says so once, and shares again when it does', async () => {
    const logs: string[] = [];
    // Nothing listens on port 1: every count fails at once.
    const away = openRedis('redis://127.0.0.1:1', 'rate-limits-test-away', { producer: true, commandTimeoutMs: 250 });
    connections.push(away);
    const limits = new RateLimits(settings, { redis: away, prefix, log: (message) => logs.push(message) });
    expect(await allowed(limits, 5, '198.51.100.3', key(1, 'FRONTEND'))).toEqual([true, true, true, false, false]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/rate limits: Redis did not count a request .*this replica counts alone until it does/);
    // Its refusals too, and it answers with them although Redis does not.
    await expect.poll(() => limits.refusedLastDay([1]).then((counts) => counts.get(1))).toBe(2);
    // What it counted alone is not in Redis.
    const shared = new RateLimits(settings, { redis: connections[0], prefix });
    expect(await allowed(shared, 1, '198.51.100.3', key(1, 'FRONTEND'))).toEqual([true]);
  });
});
