import type { Database } from '@fewshot/db';
import type { RecommendationPath } from '../serving/recommend.ts';
import { checkPageSize, decodeTimeIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';
import { checkWithinMinutes, followingEvents } from './recommendation-outcomes.ts';

/** A list a frontend showed the user (served_lists), and whether the user followed it. */
export interface ServedListView {
  id: bigint;
  servedAt: Date;
  /** The version that ranked it; null when counts served it while no version was active. */
  modelVersionId: number | null;
  path: RecommendationPath;
  /** The user's events when it was served. */
  historyLength: number;
  /** The listed items' database ids, best first. */
  itemIds: number[];
  /** Those new to the version (added after its training, or without events in it). */
  newItemIds: number[];
  /** The user's first event on one of its items within the window, with that item's rank in the list; null: none. */
  followed: { itemId: number; rank: number; occurredAt: Date } | null;
  /** Its window has not closed yet: it may still be followed. */
  open: boolean;
}

/**
 * The lists a frontend showed one user, newest first, a page at a time, each with how it was followed: the user's
 * first event on one of its items within `withinMinutes` after it (and no later than now), as recommendationOutcomes
 * judges lists. What a person reads to see a cold user's lists change with their first events, and which they took.
 */
export async function listUserServedLists(
  db: Database,
  { userId, first, after, withinMinutes }: { userId: number; first: number; after?: string | null; withinMinutes?: number | null },
  now = new Date(),
): Promise<Connection<ServedListView>> {
  checkPageSize(first);
  const within = checkWithinMinutes(withinMinutes);
  const position = after ? decodeTimeIdCursor(after) : null;
  const [rows, [count]] = await Promise.all([
    db.sql.query<{ id: string | bigint; served_at: Date; model_version_id: number | null; path: RecommendationPath; history_length: number; item_ids: number[]; new_item_ids: number[]; followed_item: number | null; followed_at: Date | null; open: boolean }>(
      `SELECT l.id, l.served_at, l.model_version_id, l.path, l.history_length, l.item_ids, l.new_item_ids,
              f.item_id AS followed_item, f.occurred_at AS followed_at,
              l.served_at + make_interval(mins => $3) > $4::timestamptz AS open
         FROM served_lists l
         LEFT JOIN LATERAL (SELECT x.item_id, x.occurred_at ${followingEvents('$3', '$4')} ORDER BY x.occurred_at, x.id LIMIT 1) f ON true
        WHERE l.user_id = $1 AND ($5::timestamptz IS NULL OR l.served_at < $5 OR (l.served_at = $5 AND l.id < $6::bigint))
        ORDER BY l.served_at DESC, l.id DESC
        LIMIT $2`,
      [userId, first + 1, within, now, position?.time ?? null, position?.id.toString() ?? null],
    ),
    db.sql.query<{ count: number | string }>('SELECT count(*) AS count FROM served_lists WHERE user_id = $1', [userId]),
  ]);
  const lists = rows.map((row): ServedListView => {
    const itemIds = row.item_ids.map(Number);
    const followedItem = row.followed_item === null ? null : Number(row.followed_item);
    return {
      id: BigInt(row.id),
      servedAt: new Date(row.served_at),
      modelVersionId: row.model_version_id === null ? null : Number(row.model_version_id),
      path: row.path,
      historyLength: Number(row.history_length),
      itemIds,
      newItemIds: row.new_item_ids.map(Number),
      followed: followedItem === null ? null : { itemId: followedItem, rank: itemIds.indexOf(followedItem) + 1, occurredAt: new Date(row.followed_at!) },
      open: Boolean(row.open),
    };
  });
  return toConnection(lists, first, Number(count!.count), (list) => encodeCursor([list.servedAt.getTime(), list.id.toString()]));
}
