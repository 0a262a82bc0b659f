import { createApiKey } from '../auth/create-api-key.ts';
import { requireRole } from '../auth/require-role.ts';
import { ApiKeyNotFoundError, revokeApiKey } from '../auth/revoke-api-key.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { checkSerialId, checkText } from '../services/check-input.ts';

/** Key management for admins (the console's /keys page); `fewshot keys` does the same from a shell. */
export const apiKeyMutations: Pick<MutationResolvers, 'createApiKey' | 'revokeApiKey'> = {
  createApiKey: async (_, { role, name }, context) => {
    requireRole(context, 'ADMIN');
    const label = checkText(name, 'name', 200).trim();
    if (label === '') throw badInput('name must say who or what will use the key', 'name');
    const { key, record } = await createApiKey(context.db, { role, name: label });
    return { key, apiKey: record };
  },
  revokeApiKey: async (_, { id }, context) => {
    requireRole(context, 'ADMIN');
    const keyId = checkSerialId(id, 'id', 'an API key');
    try {
      const { key } = await revokeApiKey(context.db, keyId);
      context.state.keys?.forget(key.id);
      return key;
    } catch (error) {
      if (error instanceof ApiKeyNotFoundError) throw new AppError(AppErrorCode.NotFound, error.message, { field: 'id' });
      throw error;
    }
  },
};
