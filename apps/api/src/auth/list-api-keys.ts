import type { ApiKey, Database } from '@fewshot/db';

/** A key as lists show it: everything but the hash. */
export type ApiKeySummary = Omit<ApiKey, 'keyHash'>;

/** Every key, revoked ones included, oldest first. */
export function listApiKeys(db: Database): Promise<ApiKeySummary[]> {
  return db.prisma.apiKey.findMany({ orderBy: { id: 'asc' }, omit: { keyHash: true } });
}
