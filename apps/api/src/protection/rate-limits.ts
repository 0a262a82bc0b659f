import type http from 'node:http';
import type { ApiKeyRole } from '@fewshot/db';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import type { ApiKeyIdentity } from '../auth/authenticate.ts';
import type { Env } from '../env.ts';
import { AppError, AppErrorCode } from '../errors.ts';
import { addressBucket, clientAddress, type TrustedProxies } from './client-address.ts';

/** Who a limit is for: a key's role, a request without a valid key, or an item image asked for without one. */
export type RateLimitCaller = ApiKeyRole | 'ANONYMOUS' | 'IMAGES';

/** Requests a minute each kind of caller may make (0: no limit), and how many proxies stand in front of the api. */
export interface RateLimitSettings {
  perMinute: Record<RateLimitCaller, number>;
  /** Proxies whose `X-Forwarded-For` entries are believed (client-address.ts); 0: the connection's peer. */
  trustedProxies: TrustedProxies;
}

/** The settings from the api's configuration (env.ts). */
export function rateLimitSettings(
  env: Pick<Env, 'FEWSHOT_RATE_LIMIT_FRONTEND' | 'FEWSHOT_RATE_LIMIT_MERCHANDISER' | 'FEWSHOT_RATE_LIMIT_ADMIN' | 'FEWSHOT_RATE_LIMIT_ANONYMOUS' | 'FEWSHOT_RATE_LIMIT_IMAGES' | 'FEWSHOT_TRUSTED_PROXIES'>,
): RateLimitSettings {
  return {
    perMinute: {
      FRONTEND: env.FEWSHOT_RATE_LIMIT_FRONTEND,
      MERCHANDISER: env.FEWSHOT_RATE_LIMIT_MERCHANDISER,
      ADMIN: env.FEWSHOT_RATE_LIMIT_ADMIN,
      ANONYMOUS: env.FEWSHOT_RATE_LIMIT_ANONYMOUS,
      IMAGES: env.FEWSHOT_RATE_LIMIT_IMAGES,
    },
    trustedProxies: env.FEWSHOT_TRUSTED_PROXIES,
  };
}

/** What a request's limit is counted over. */
export type RateLimitScope = 'key' | 'key and address' | 'address';

/**
 * A frontend key is public (it ships in pages and apps), so one visitor's address must not spend a whole shop's
 * budget: it is counted per key and address. A merchandiser's or admin's key is a server's own: per key. A request
 * without a valid key has only its address; so has an image asked for without one (by a page's <img>), in a budget
 * of its own, since one page shows many.
 */
const SCOPES: Record<RateLimitCaller, RateLimitScope> = { FRONTEND: 'key and address', MERCHANDISER: 'key', ADMIN: 'key', ANONYMOUS: 'address', IMAGES: 'address' };

/** Where a request stands against its limit: sent as RateLimit-* headers, and a refusal when `allowed` is false. */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again (at least 1). */
  resetSeconds: number;
  caller: RateLimitCaller;
  scope: RateLimitScope;
  windowSeconds: number;
}

export interface RateLimitsOptions {
  /** Counts shared by every replica; absent (no REDIS_URL), each process counts alone. */
  redis?: Redis;
  /** Keeps these counts apart from other deployments (and tests) on the same Redis: FEWSHOT_QUEUE_PREFIX. */
  prefix?: string;
  /** The window a limit counts over; a minute, shorter only in tests. */
  windowSeconds?: number;
  log?: (message: string) => void;
}

/** No count reaches this; the limit is compared here, per caller, so one counter serves every limit. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;
const LOG_EVERY_MS = 10_000;
/** Refusals are kept per key and hour for this many hours: the keys page says which keys meet their limits. */
export const REFUSAL_HOURS = 24;
const HOUR_MS = 3_600_000;

/**
 * The api's request rate limits: each request to /graphql counts against its caller's limit for the current window
 * (fixed windows started by the first request, so `resetSeconds` is exact), in Redis when there is one so that every
 * replica counts together. A key's own limit (`rateLimitPerMinute`) overrides its role's. When Redis fails or is slow
 * (the connection times commands out), each replica counts alone in memory until it answers again: a limit must
 * never be the reason the api stops serving.
 */
export class RateLimits {
  readonly windowSeconds: number;
  private readonly shared?: RateLimiterAbstract;
  private readonly local: RateLimiterAbstract;
  private lastLogged = 0;
  /** Refusals counted here while Redis does not take them (or without Redis): `<keyId>:<hour>` → count. */
  private readonly localRefusals = new Map<string, number>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly options: RateLimitsOptions = {},
  ) {
    this.windowSeconds = options.windowSeconds ?? 60;
    const common = { points: UNBOUNDED, duration: this.windowSeconds, keyPrefix: `${options.prefix ?? 'fewshot'}:rate` };
    if (options.redis) this.shared = new RateLimiterRedis({ ...common, storeClient: options.redis, rejectIfRedisNotReady: true });
    this.local = new RateLimiterMemory(common);
  }

  /** The limit a caller has: its key's own, else its role's (0: none). */
  limitFor(auth: ApiKeyIdentity | null): number {
    return auth?.rateLimitPerMinute ?? this.settings.perMinute[auth?.role ?? 'ANONYMOUS'];
  }

  /** Counts the request; null when its caller has no limit (nothing is counted then). */
  async check(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, auth: ApiKeyIdentity | null): Promise<RateLimitVerdict | null> {
    return this.count(req, auth, auth?.role ?? 'ANONYMOUS', this.limitFor(auth));
  }

  /**
   * Counts a request for an item's image: with a valid key, as that key's other requests (the console's server sends
   * its people's keys: one address, many people); without one, against the address's image budget.
   */
  async checkImage(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, auth: ApiKeyIdentity | null): Promise<RateLimitVerdict | null> {
    return auth ? this.check(req, auth) : this.count(req, null, 'IMAGES', this.settings.perMinute.IMAGES);
  }

  private async count(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, auth: ApiKeyIdentity | null, caller: RateLimitCaller, limit: number): Promise<RateLimitVerdict | null> {
    if (limit <= 0) return null;
    const scope = SCOPES[caller];
    const address = scope === 'key' ? '' : addressBucket(clientAddress(req, this.settings.trustedProxies));
    const counter = scope === 'key' ? `key:${auth!.keyId}` : scope === 'key and address' ? `key:${auth!.keyId}:${address}` : `${caller === 'IMAGES' ? 'images' : 'anonymous'}:${address}`;
    const counted = await this.consume(counter);
    const allowed = counted.consumedPoints <= limit;
    if (!allowed && auth) void this.noteRefusal(auth.keyId);
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - counted.consumedPoints),
      resetSeconds: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)),
      caller,
      scope,
      windowSeconds: this.windowSeconds,
    };
  }

  /**
   * Counts a refusal of the key's request in its hour (never awaited by the request: a failure is logged and the
   * refusal counted in this process instead).
   */
  async noteRefusal(keyId: number, now = Date.now()): Promise<void> {
    const hour = Math.floor(now / HOUR_MS);
    if (this.options.redis) {
      const key = this.refusalKey(keyId, hour);
      try {
        await this.options.redis.multi().incr(key).pexpire(key, (REFUSAL_HOURS + 1) * HOUR_MS).exec();
        return;
      } catch (error) {
        this.logFailure('did not count a refusal', error);
      }
    }
    const local = `${keyId}:${hour}`;
    this.localRefusals.set(local, (this.localRefusals.get(local) ?? 0) + 1);
    // Forget hours past the window (the map holds at most keys × REFUSAL_HOURS entries).
    for (const entry of this.localRefusals.keys()) if (Number(entry.split(':')[1]) <= hour - REFUSAL_HOURS) this.localRefusals.delete(entry);
  }

  /** Requests of each key refused in the last REFUSAL_HOURS whole hours, this one included: every replica's with Redis. */
  async refusedLastDay(keyIds: readonly number[], now = Date.now()): Promise<Map<number, number>> {
    const hours = Array.from({ length: REFUSAL_HOURS }, (_, back) => Math.floor(now / HOUR_MS) - back);
    const totals = new Map(keyIds.map((id) => [id, 0]));
    for (const id of keyIds) for (const hour of hours) totals.set(id, totals.get(id)! + (this.localRefusals.get(`${id}:${hour}`) ?? 0));
    if (this.options.redis && keyIds.length > 0) {
      try {
        const counts = await this.options.redis.mget(keyIds.flatMap((id) => hours.map((hour) => this.refusalKey(id, hour))));
        keyIds.forEach((id, k) => totals.set(id, totals.get(id)! + counts.slice(k * REFUSAL_HOURS, (k + 1) * REFUSAL_HOURS).reduce((sum, count) => sum + Number(count ?? 0), 0)));
      } catch (error) {
        this.logFailure('did not answer how many requests it refused', error);
      }
    }
    return totals;
  }

  private refusalKey(keyId: number, hour: number): string {
    return `${this.options.prefix ?? 'fewshot'}:rate-refused:${keyId}:${hour}`;
  }

  private logFailure(what: string, error: unknown): void {
    if (Date.now() - this.lastLogged < LOG_EVERY_MS) return;
    this.lastLogged = Date.now();
    this.options.log?.(`fewshot api: rate limits: Redis ${what} (${error instanceof Error ? error.message : String(error)}); this replica counts alone until it does`);
  }

  private async consume(counter: string): Promise<RateLimiterRes> {
    if (this.shared) {
      try {
        return await this.shared.consume(counter);
      } catch (error) {
        this.logFailure('did not count a request', error);
      }
    }
    return this.local.consume(counter);
  }
}

/** The headers every limited answer carries (the IETF draft's RateLimit-* fields, seconds for the reset). */
export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  return {
    'ratelimit-limit': String(verdict.limit),
    'ratelimit-remaining': String(verdict.remaining),
    'ratelimit-reset': String(verdict.resetSeconds),
    'ratelimit-policy': `${verdict.limit};w=${verdict.windowSeconds}`,
    ...(verdict.allowed ? {} : { 'retry-after': String(verdict.resetSeconds) }),
  };
}

const WHO: Record<RateLimitCaller, string> = {
  FRONTEND: 'a frontend key from one address',
  MERCHANDISER: 'a merchandiser key',
  ADMIN: 'an admin key',
  ANONYMOUS: 'one address without a valid API key',
  IMAGES: 'one address asking for item images without an API key',
};

/** A request over its caller's limit: HTTP 429 with Retry-After (http-server.ts). */
export class RateLimitedError extends AppError {
  constructor(readonly verdict: RateLimitVerdict, auth: ApiKeyIdentity | null) {
    const whose = auth ? `${WHO[verdict.caller]} (the key "${auth.name}", id ${auth.keyId}${auth.rateLimitPerMinute != null ? ', its own limit' : ''})` : WHO[verdict.caller];
    const window = verdict.windowSeconds === 60 ? 'a minute' : `per ${verdict.windowSeconds} s`;
    super(AppErrorCode.RateLimited, `Too many requests: ${whose} may make ${verdict.limit} ${window}; try again in ${verdict.resetSeconds} s.`, {
      limit: verdict.limit,
      windowSeconds: verdict.windowSeconds,
      retryAfterSeconds: verdict.resetSeconds,
      per: verdict.scope,
    });
    this.name = 'RateLimitedError';
  }
}
