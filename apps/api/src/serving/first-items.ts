import type { Database } from '@fewshot/db';
import type { FirstItemsPolicy } from '@fewshot/model/coldstart';
import { popularItems, servableItemConditions } from './popular-items.ts';

export interface FirstItemsOptions {
  first: number;
  /** Item database ids never to return. */
  exclude?: readonly number[];
  /** Lower-cased genres; an item qualifies with any of them. */
  genres?: readonly string[];
}

/**
 * What a user without history gets under a version's policy (@fewshot/model/coldstart first-items.ts): items by
 * the policy's count (events in the last days of activity, or among each user's first events), ties and the rest by all-time
 * counts, then the older item: the order the training ranked its validation users by. `count` is the policy's own.
 */
export async function firstItems(db: Database, policy: FirstItemsPolicy, { first, exclude = [], genres = [] }: FirstItemsOptions): Promise<Array<{ itemId: number; count: number }>> {
  if (policy.kind === 'all-time') return popularItems(db, { first, exclude, genres });
  const params: unknown[] = [first];
  const conditions = servableItemConditions(params, exclude, genres);
  params.push(policy.kind === 'recent' ? policy.days : policy.events);
  const counted = policy.kind === 'recent'
    // The days before the latest event, as training counts the days before its split time: the same as the days
    // before now for a live catalog, and still meaningful for one imported from the past.
    ? `SELECT item_id, count(*)::int AS n FROM interactions
        WHERE occurred_at > (SELECT max(occurred_at) FROM interactions) - make_interval(days => $${params.length}::int) GROUP BY item_id`
    // Each user's first events through the (user_id, occurred_at, id) index: a few rows per user, not a sort of all.
    : `SELECT f.item_id, count(*)::int AS n FROM users u CROSS JOIN LATERAL (
         SELECT x.item_id FROM interactions x WHERE x.user_id = u.id ORDER BY x.occurred_at, x.id LIMIT $${params.length}::int) f GROUP BY f.item_id`;
  const rows = await db.sql.query<{ id: number; n: number }>(
    `WITH counted AS (${counted}), total AS (SELECT item_id, count(*)::int AS n FROM interactions GROUP BY item_id)
     SELECT i.id, coalesce(c.n, 0) AS n FROM total t JOIN items i ON i.id = t.item_id LEFT JOIN counted c ON c.item_id = i.id
      WHERE ${conditions.join(' AND ')} ORDER BY coalesce(c.n, 0) DESC, t.n DESC, i.id LIMIT $1`,
    params,
  );
  return rows.map((row) => ({ itemId: Number(row.id), count: Number(row.n) }));
}
