import type { ApiKeyRole, Database } from '@fewshot/db';
import { generateApiKey } from './api-key.ts';
import { checkRateLimitPerMinute } from './set-api-key-rate-limit.ts';
import type { ApiKeySummary } from './list-api-keys.ts';

export interface CreateApiKeyOptions {
  role: ApiKeyRole;
  /** Who or what uses the key, for lists; defaults to the role's name. */
  name?: string | undefined;
  /** The key's own requests a minute (checkRateLimitPerMinute); absent or null: its role's limit. */
  rateLimitPerMinute?: number | null | undefined;
}

export interface CreatedApiKey {
  /** The secret: the caller shows it once; only its hash is in the database. */
  key: string;
  record: ApiKeySummary;
}

/** Creates a key: random, stored as its sha256 with a clear prefix, returned once. */
export async function createApiKey(db: Database, { role, name, rateLimitPerMinute = null }: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const label = (name ?? '').trim() || `${role.toLowerCase()} key`;
  if (label.length > 200) throw new Error('the key name is longer than 200 characters');
  if (rateLimitPerMinute !== null) checkRateLimitPerMinute(rateLimitPerMinute);
  const { key, prefix, keyHash } = generateApiKey();
  const record = await db.prisma.apiKey.create({
    data: { name: label, role, prefix, keyHash, rateLimitPerMinute },
    omit: { keyHash: true },
  });
  return { key, record };
}
