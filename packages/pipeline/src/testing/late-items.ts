// Test support: items that first appear after everything else, so a version trained on the demo slice has new items
// in its cold-start split (the slice's own items all have old users' events before the split time).
import type { Database } from '@fewshot/db';

/**
 * Adds `items` items (`late<k>`, "Late film k") and one event on one of them for each of the `users` users who
 * arrived last, each a minute after the latest event the database holds: items no old user had before the split.
 * Returns the new items' external ids.
 */
export async function addLateItems(db: Database, { items = 3, users = 12 }: { items?: number; users?: number } = {}): Promise<string[]> {
  const externalIds = Array.from({ length: items }, (_, k) => `late${k + 1}`);
  await db.prisma.item.createMany({ data: externalIds.map((externalId, k) => ({ externalId, title: `Late film ${k + 1}`, attributes: { genres: ['Drama'] } })) });
  await db.sql.query(
    `WITH latest AS (SELECT max(occurred_at) AS at FROM interactions),
          arrivals AS (SELECT user_id, row_number() OVER (ORDER BY min(occurred_at) DESC, user_id) - 1 AS k FROM interactions GROUP BY user_id ORDER BY min(occurred_at) DESC, user_id LIMIT $2),
          late AS (SELECT id, row_number() OVER (ORDER BY external_id) - 1 AS k FROM items WHERE external_id = ANY($1::text[]))
     INSERT INTO interactions (user_id, item_id, occurred_at)
     SELECT a.user_id, l.id, latest.at + (a.k + 1) * interval '1 minute'
       FROM arrivals a JOIN late l ON l.k = a.k % $3 CROSS JOIN latest`,
    [externalIds, users, items],
  );
  return externalIds;
}
