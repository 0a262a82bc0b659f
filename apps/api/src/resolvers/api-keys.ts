import { createApiKey } from '../auth/create-api-key.ts';
import { requireRole } from '../auth/require-role.ts';
import { ApiKeyNotFoundError, revokeApiKey } from '../auth/revoke-api-key.ts';
import { checkRateLimitPerMinute, setApiKeyRateLimit } from '../auth/set-api-key-rate-limit.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { ApiKeyResolvers, MutationResolvers } from '../generated/graphql.ts';
import { checkSerialId, checkText } from '../services/check-input.ts';

/** A key's own limit from a request: null (its role's), else checked, so a bad number is refused by its field. */
function ownLimit(perMinute: number | null | undefined, field: string): number | null {
  if (perMinute === null || perMinute === undefined) return null;
  try {
    checkRateLimitPerMinute(perMinute);
  } catch (error) {
    throw badInput((error as Error).message, field);
  }
  return perMinute;
}

/** What a change to the key the request names gives, or NOT_FOUND (field id) when there is no such key. */
async function keyNamed<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } catch (error) {
    if (error instanceof ApiKeyNotFoundError) throw new AppError(AppErrorCode.NotFound, error.message, { field: 'id' });
    throw error;
  }
}

/** Key management for admins (the console's /keys page); `fewshot keys` does the same from a shell. */
export const apiKeyMutations: Pick<MutationResolvers, 'createApiKey' | 'revokeApiKey' | 'setApiKeyRateLimit'> = {
  createApiKey: async (_, { role, name, rateLimitPerMinute }, context) => {
    requireRole(context, 'ADMIN');
    const label = checkText(name, 'name', 200).trim();
    if (label === '') throw badInput('name must say who or what will use the key', 'name');
    const { key, record } = await createApiKey(context.db, { role, name: label, rateLimitPerMinute: ownLimit(rateLimitPerMinute, 'rateLimitPerMinute') });
    return { key, apiKey: record };
  },
  revokeApiKey: async (_, { id }, context) => {
    requireRole(context, 'ADMIN');
    const keyId = checkSerialId(id, 'id', 'an API key');
    const { key } = await keyNamed(revokeApiKey(context.db, keyId));
    context.state.keys?.forget(key.id);
    return key;
  },
  setApiKeyRateLimit: async (_, { id, perMinute }, context) => {
    requireRole(context, 'ADMIN');
    const keyId = checkSerialId(id, 'id', 'an API key');
    const limit = ownLimit(perMinute, 'perMinute');
    const key = await keyNamed(setApiKeyRateLimit(context.db, keyId, limit));
    // This replica at once; the others on the database's notification.
    context.state.keys?.forget(key.id);
    return key;
  },
};

/** The limit a key is counted against, as this api is configured (protection/rate-limits.ts). */
export const ApiKey: ApiKeyResolvers = {
  rateLimit: (key, _, context) => {
    const source = key.rateLimitPerMinute === null ? 'ROLE' : 'KEY';
    // A process without rate limits (in-process tests) limits nobody.
    const perMinute = key.rateLimitPerMinute ?? context.state.rateLimits?.settings.perMinute[key.role] ?? 0;
    return { perMinute: perMinute > 0 ? perMinute : null, per: key.role === 'FRONTEND' ? 'KEY_AND_ADDRESS' : 'KEY', source };
  },
  refusedLastDay: (key, _, { loaders }) => loaders.refusedLastDayByKey.load(key.id),
};
