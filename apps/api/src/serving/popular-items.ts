import type { Database } from '@fewshot/db';
import type { PopularityWindow } from '../generated/graphql.ts';

const WINDOW_INTERVAL: Record<Exclude<PopularityWindow, 'ALL_TIME'>, string> = { DAY: '1 day', WEEK: '7 days', MONTH: '30 days', YEAR: '365 days' };

export interface PopularItemsOptions {
  first: number;
  /** How far back popularity counts: all time, or the last day, week, month or year before now. */
  window?: PopularityWindow;
  /** Item database ids never to return (what a user has seen). */
  exclude?: readonly number[];
  /** Lower-cased genres; an item qualifies with any of them. */
  genres?: readonly string[];
}

/** Active items by how many interactions they had in the window, most first (ties: older item first). */
export async function popularItems(db: Database, { first, window = 'ALL_TIME', exclude = [], genres = [] }: PopularItemsOptions): Promise<Array<{ itemId: number; count: number }>> {
  const params: unknown[] = [first];
  const conditions = servableItemConditions(params, exclude, genres);
  if (window !== 'ALL_TIME') conditions.push(`x.occurred_at >= now() - interval '${WINDOW_INTERVAL[window]}'`);
  const rows = await db.sql.query<{ id: number; n: number }>(
    `SELECT i.id, count(*)::int AS n FROM interactions x JOIN items i ON i.id = x.item_id
      WHERE ${conditions.join(' AND ')} GROUP BY i.id ORDER BY n DESC, i.id LIMIT $1`,
    params,
  );
  return rows.map((row) => ({ itemId: Number(row.id), count: Number(row.n) }));
}

/**
 * SQL conditions on items `i` that a list may show: active, not excluded, of one of the genres (none: any). Adds
 * their values to `params` and refers to them by position.
 */
export function servableItemConditions(params: unknown[], exclude: readonly number[], genres: readonly string[]): string[] {
  params.push([...exclude]);
  const conditions = [`i.status = 'ACTIVE'`, `NOT (i.id = ANY($${params.length}::int[]))`];
  if (genres.length > 0) {
    params.push([...genres]);
    conditions.push(`EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(i.attributes->'genres') = 'array' THEN i.attributes->'genres' ELSE '[]'::jsonb END) AS g(name) WHERE lower(g.name) = ANY($${params.length}::text[]))`);
  }
  return conditions;
}
