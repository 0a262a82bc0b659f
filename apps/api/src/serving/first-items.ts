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
 * the policy's count (events in the last days of activity, or among each user's first events), ties and the rest by
 * all-time counts, then the older item: the order the training ranked its validation users by. `count` is the
 * policy's own. One pass over the events, as all-time popularity takes (about twice its time on the demo catalog).
 */
export async function firstItems(db: Database, policy: FirstItemsPolicy, { first, exclude = [], genres = [] }: FirstItemsOptions): Promise<Array<{ itemId: number; count: number }>> {
  if (policy.kind === 'all-time') return popularItems(db, { first, exclude, genres });
  const params: unknown[] = [first];
  const conditions = servableItemConditions(params, exclude, genres);
  params.push(policy.kind === 'recent' ? policy.days : policy.events);
  const bound = `$${params.length}::int`;
  // One pass over the events, the policy's count and the all-time count side by side (FILTER): joining two
  // aggregates instead let the planner loop one over the other, 3 s on the demo catalog.
  const events = policy.kind === 'recent'
    // The days before the latest event, as training counts the days before its split time: the same as the days
    // before now for a live catalog, and still meaningful for one imported from the past.
    ? `SELECT item_id, occurred_at > (SELECT max(occurred_at) FROM interactions) - make_interval(days => ${bound}) AS counted FROM interactions`
    : `SELECT item_id, row_number() OVER (PARTITION BY user_id ORDER BY occurred_at, id) <= ${bound} AS counted FROM interactions`;
  const rows = await db.sql.query<{ id: number; n: number }>(
    `SELECT i.id, count(*) FILTER (WHERE x.counted)::int AS n FROM (${events}) x JOIN items i ON i.id = x.item_id
      WHERE ${conditions.join(' AND ')} GROUP BY i.id ORDER BY n DESC, count(*) DESC, i.id LIMIT $1`,
    params,
  );
  return rows.map((row) => ({ itemId: Number(row.id), count: Number(row.n) }));
}
