import type { Database } from '@fewshot/db';

/** Catalog size, in one round trip. */
export async function getCatalogStats(db: Database): Promise<{ users: number; items: number; interactions: number }> {
  const [row] = await db.sql.query<{ users: number; items: number; interactions: number }>(
    'SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM items) AS items, (SELECT count(*)::int FROM interactions) AS interactions',
  );
  return row ?? { users: 0, items: 0, interactions: 0 };
}
