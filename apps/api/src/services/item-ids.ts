import type { SqlExecutor } from '@fewshot/db';
import { AppError, AppErrorCode } from '../errors.ts';

/**
 * Database ids of items named by their external ids, or one NOT_FOUND error naming the unknown ones (the first five).
 * `label` starts the message (e.g. the argument's name), `hint` ends it with what to do.
 */
export async function itemIdsByExternalId(sql: SqlExecutor, externalIds: readonly string[], { field, label, hint }: { field: string; label?: string; hint?: string }): Promise<Map<string, number>> {
  const distinct = [...new Set(externalIds)];
  if (distinct.length === 0) return new Map();
  const rows = await sql.query<{ id: number; external_id: string }>('SELECT id, external_id FROM items WHERE external_id = ANY($1::text[])', [distinct]);
  const ids = new Map(rows.map((row) => [row.external_id, Number(row.id)]));
  const unknown = distinct.filter((id) => !ids.has(id));
  if (unknown.length > 0) {
    const named = `${unknown.slice(0, 5).map((id) => `"${id}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`;
    throw new AppError(AppErrorCode.NotFound, `${label ? `${label}: ` : ''}no item with id ${named}${hint ? `: ${hint}` : ''}`, { field });
  }
  return ids;
}
