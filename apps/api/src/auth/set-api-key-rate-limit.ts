import type { Database } from '@fewshot/db';
import { ApiKeyNotFoundError } from './revoke-api-key.ts';
import type { ApiKeySummary } from './list-api-keys.ts';

/** The most requests a minute a key's own limit may say (the database's check says the same). */
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

/** A key's own limit: a whole number of requests a minute from 0 (no limit) to MAX_RATE_LIMIT_PER_MINUTE. */
export function checkRateLimitPerMinute(perMinute: number): void {
  if (!Number.isInteger(perMinute) || perMinute < 0 || perMinute > MAX_RATE_LIMIT_PER_MINUTE) {
    throw new RangeError(`a key's rate limit is a whole number of requests a minute from 0 (no limit) to ${MAX_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}, not ${perMinute}`);
  }
}

/**
 * Gives a key its own rate limit (requests a minute; 0: none), or with null returns it to its role's. Every replica
 * forgets the key on the database's notification, so its next request is counted against the new limit; what it has
 * used in the current minute still counts.
 */
export async function setApiKeyRateLimit(db: Database, id: number, perMinute: number | null): Promise<ApiKeySummary> {
  if (perMinute !== null) checkRateLimitPerMinute(perMinute);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw new ApiKeyNotFoundError(id);
  const { count } = await db.prisma.apiKey.updateMany({ where: { id }, data: { rateLimitPerMinute: perMinute } });
  if (count === 0) throw new ApiKeyNotFoundError(id);
  return (await db.prisma.apiKey.findUnique({ where: { id }, omit: { keyHash: true } }))!;
}
