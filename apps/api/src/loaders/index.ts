import DataLoader from 'dataloader';
import type { Database, Item, User } from '@fewshot/db';
import type { ItemRowCache } from '../serving/item-row-cache.ts';
import type { RateLimits } from '../protection/rate-limits.ts';

/** Results in key order, null for misses: what DataLoader requires of a batch function. */
function alignById<T extends { id: number }>(ids: readonly number[], rows: T[]): Array<T | null> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** How many interactions each item has: one query per batch. */
async function interactionCountsOfItems(db: Database, ids: readonly number[]): Promise<number[]> {
  const rows = await db.sql.query<{ id: number; n: number }>(
    'SELECT item_id AS id, count(*)::int AS n FROM interactions WHERE item_id = ANY($1::int[]) GROUP BY item_id',
    [ids],
  );
  const counts = new Map(rows.map((row) => [row.id, row.n]));
  return ids.map((id) => counts.get(id) ?? 0);
}

/** How many interactions each user has and when the first and latest were (null without any): one query per batch. */
async function activityOf(db: Database, ids: readonly number[]): Promise<Array<{ count: number; firstAt: Date | null; lastAt: Date | null }>> {
  const rows = await db.sql.query<{ id: number; n: number; first_at: Date | string; last_at: Date | string }>(
    'SELECT user_id AS id, events AS n, first_at, last_at FROM user_activity WHERE user_id = ANY($1::int[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [Number(row.id), { count: Number(row.n), firstAt: new Date(row.first_at), lastAt: new Date(row.last_at) }]));
  return ids.map((id) => byId.get(id) ?? { count: 0, firstAt: null, lastAt: null });
}

interface ItemRow {
  id: number;
  external_id: string;
  title: string;
  description: string | null;
  attributes: Item['attributes'];
  image_uri: string | null;
  status: Item['status'];
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * Items by id as Prisma's rows. NOTE: raw SQL rather than findMany: every recommendations answer loads its items,
 * and on the embedded database Prisma's query path costs about four times a plain query (measured for keys).
 */
async function itemsById(db: Database, ids: readonly number[]): Promise<Item[]> {
  const rows = await db.sql.query<ItemRow>(
    'SELECT id, external_id, title, description, attributes, image_uri, status, created_at, updated_at FROM items WHERE id = ANY($1::int[])',
    [[...ids]],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    externalId: row.external_id,
    title: row.title,
    description: row.description,
    attributes: row.attributes,
    imageUri: row.image_uri,
    status: row.status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }));
}

/**
 * Per-request DataLoaders (never shared across requests): one query per batch instead of one per field. Item rows
 * come from the process's `itemRows` cache where there is one (it forgets an item when the database says it changed),
 * behind the request's `barrier`.
 */
export function createLoaders(db: Database, itemRows?: ItemRowCache, barrier?: () => Promise<boolean>, rateLimits?: RateLimits) {
  return {
    itemById: new DataLoader<number, Item | null>(async (ids) => alignById(ids, await (itemRows ? itemRows.getMany(ids, (missing) => itemsById(db, missing), barrier) : itemsById(db, ids)))),
    userById: new DataLoader<number, User | null>(async (ids) => alignById(ids, await db.prisma.user.findMany({ where: { id: { in: [...ids] } } }))),
    interactionCountByItem: new DataLoader<number, number>((ids) => interactionCountsOfItems(db, ids)),
    activityByUser: new DataLoader<number, { count: number; firstAt: Date | null; lastAt: Date | null }>((ids) => activityOf(db, ids)),
    // Every key of a list in one read of the refusal counts (one MGET in Redis), not one per key; 0 without limits.
    refusedLastDayByKey: new DataLoader<number, number>(async (ids) => {
      const totals = await rateLimits?.refusedLastDay(ids);
      return ids.map((id) => totals?.get(id) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
