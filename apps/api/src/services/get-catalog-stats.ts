import type { Database } from '@fewshot/db';

export interface CatalogStats {
  users: number;
  items: number;
  interactions: number;
  /** Interactions that happened in the last 24 hours / 7 days (occurred_at up to now): the traffic. */
  interactionsLast24h: number;
  interactionsLast7d: number;
}

/** Catalog size and recent traffic, in one round trip. */
export async function getCatalogStats(db: Database): Promise<CatalogStats> {
  const [row] = await db.sql.query<CatalogStats>(
    `SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM items) AS items,
            (SELECT count(*)::int FROM interactions) AS interactions,
            (SELECT count(*)::int FROM interactions WHERE occurred_at > now() - interval '24 hours' AND occurred_at <= now()) AS "interactionsLast24h",
            (SELECT count(*)::int FROM interactions WHERE occurred_at > now() - interval '7 days' AND occurred_at <= now()) AS "interactionsLast7d"`,
  );
  return row ?? { users: 0, items: 0, interactions: 0, interactionsLast24h: 0, interactionsLast7d: 0 };
}
