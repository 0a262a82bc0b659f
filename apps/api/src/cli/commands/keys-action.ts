import { parseApiKeyRole } from '../../auth/api-key.ts';
import { createApiKey } from '../../auth/create-api-key.ts';
import { listApiKeys, type ApiKeySummary } from '../../auth/list-api-keys.ts';
import { revokeApiKey } from '../../auth/revoke-api-key.ts';
import { setApiKeyRateLimit } from '../../auth/set-api-key-rate-limit.ts';
import type { DatabaseOption } from './database-option.ts';
import { textTable, utcMinute } from '../text-table.ts';
import { withDatabase } from './with-database.ts';

/** What `fewshot keys create|list|revoke|limit` do, loaded only when one runs (see ./keys.ts for their options). */
export function createKey(options: DatabaseOption & { role: string; name?: string; rateLimit?: number | null }): Promise<void> {
  return withDatabase(options, async (db) => {
    const { key, record } = await createApiKey(db, { role: parseApiKeyRole(options.role), name: options.name, rateLimitPerMinute: options.rateLimit });
    // The key alone on stdout, so `KEY=$(npx fewshot keys create …)` works; the notes go to stderr.
    console.log(key);
    console.error(`created API key ${record.id} "${record.name}" (role ${record.role.toLowerCase()}, prefix ${record.prefix}, rate limit ${limitText(record)}) in ${db.location}`);
    console.error('this key will not be shown again: store it now (only its hash is kept). Send it as Authorization: Bearer <key>');
  });
}

export function listKeys(options: DatabaseOption & { json?: boolean }): Promise<void> {
  return withDatabase(options, async (db) => {
    const rows = await listApiKeys(db);
    if (options.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('no API keys yet: create one with npx fewshot keys create --role admin');
    else console.log(formatTable(rows));
  });
}

export function revokeKey(id: number, options: DatabaseOption): Promise<void> {
  return withDatabase(options, async (db) => {
    const { key, alreadyRevoked } = await revokeApiKey(db, id);
    const what = `API key ${key.id} "${key.name}" (role ${key.role.toLowerCase()}, prefix ${key.prefix})`;
    console.log(alreadyRevoked ? `${what} was already revoked at ${when(key.revokedAt)}` : `revoked ${what}`);
  });
}

export function limitKey(id: number, perMinute: number | null, options: DatabaseOption): Promise<void> {
  return withDatabase(options, async (db) => {
    const key = await setApiKeyRateLimit(db, id, perMinute);
    console.log(`API key ${key.id} "${key.name}" (role ${key.role.toLowerCase()}): rate limit ${limitText(key)}; every api replica applies it at the key's next request`);
  });
}

/** A key's own limit as people read it: `600/min`, `none`, or `role's` (the api's FEWSHOT_RATE_LIMIT_<ROLE>). */
function limitText(key: Pick<ApiKeySummary, 'role' | 'rateLimitPerMinute'>): string {
  if (key.rateLimitPerMinute === null) return "role's";
  if (key.rateLimitPerMinute === 0) return 'none';
  return `${key.rateLimitPerMinute}/min${key.role === 'FRONTEND' ? ' per address' : ''}`;
}

function when(date: Date | null): string {
  return date ? utcMinute(date) : '';
}

function formatTable(rows: ApiKeySummary[]): string {
  const header = ['id', 'name', 'role', 'prefix', 'rate limit', 'created', 'last used', 'revoked'];
  const cells = rows.map((row) => [String(row.id), row.name, row.role.toLowerCase(), row.prefix, limitText(row), when(row.createdAt), when(row.lastUsedAt) || 'never', when(row.revokedAt) || '-']);
  return textTable(header, cells);
}
