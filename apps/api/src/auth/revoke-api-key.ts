import type { Database } from '@fewshot/db';
import type { ApiKeySummary } from './list-api-keys.ts';

export class ApiKeyNotFoundError extends Error {
  constructor(id: number) {
    super(`no API key with id ${id}; npx fewshot keys list shows them`);
    this.name = 'ApiKeyNotFoundError';
  }
}

export interface RevokedApiKey {
  key: ApiKeySummary;
  /** True when the key had been revoked before this call, which then changed nothing. */
  alreadyRevoked: boolean;
}

/** Revokes a key: every later request that sends it is refused. The row stays, so lists show when it was revoked. */
export async function revokeApiKey(db: Database, id: number): Promise<RevokedApiKey> {
  // Ids are PostgreSQL integers: anything outside that range names no key (and would fail in the driver).
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw new ApiKeyNotFoundError(id);
  // Conditional, so revoking twice keeps the first revocation time.
  const { count } = await db.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const key = await db.prisma.apiKey.findUnique({ where: { id }, omit: { keyHash: true } });
  if (!key) throw new ApiKeyNotFoundError(id);
  return { key, alreadyRevoked: count === 0 };
}
