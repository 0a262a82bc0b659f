import type { Database, Interaction, User } from '@fewshot/db';
import type { UserOrder } from '../generated/graphql.ts';
import { checkPageSize, decodeIdCursor, decodeTimeIdCursor, decodeTimeIntIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

export interface ListUsersOptions {
  first: number;
  after?: string | null;
  orderBy?: UserOrder | null;
}

/** A page of users in catalog (id) order, or by their latest interaction, most recent first. */
export async function listUsers(db: Database, { first, after, orderBy }: ListUsersOptions): Promise<Connection<User>> {
  checkPageSize(first);
  if (orderBy === 'RECENTLY_ACTIVE') return listRecentlyActiveUsers(db, first, after ?? null);
  const afterId = after ? decodeIdCursor(after) : null;
  const [rows, totalCount] = await Promise.all([
    db.prisma.user.findMany({ where: afterId === null ? {} : { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: first + 1 }),
    db.prisma.user.count(),
  ]);
  return toConnection(rows, first, totalCount, (user) => encodeCursor([user.id]));
}

/**
 * Users with at least one interaction, by their latest one (newest first, then the higher id): whom a change to
 * the catalog or the model reaches first. Keyset on (latest interaction time, user id) over user_activity's index on
 * it, kept by the database's triggers on interactions: a page reads `first + 1` rows whatever the number of events.
 */
async function listRecentlyActiveUsers(db: Database, first: number, after: string | null): Promise<Connection<User>> {
  const position = after ? decodeTimeIntIdCursor(after) : null;
  const [rows, counted] = await Promise.all([
    db.sql.query<{ user_id: number; last_at: Date }>(
      `SELECT user_id, last_at FROM user_activity
        WHERE $1::timestamptz IS NULL OR (last_at, user_id) < ($1::timestamptz, $2::int)
        ORDER BY last_at DESC, user_id DESC LIMIT $3`,
      [position?.time ?? null, position?.id ?? 0, first + 1],
    ),
    db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM user_activity'),
  ]);
  const users = new Map((await db.prisma.user.findMany({ where: { id: { in: rows.map((row) => Number(row.user_id)) } } })).map((user) => [user.id, user]));
  const lastAt = new Map(rows.map((row) => [Number(row.user_id), new Date(row.last_at).getTime()]));
  // A user deleted between the two reads is left out of the page.
  const ordered = rows.flatMap((row) => users.get(Number(row.user_id)) ?? []);
  return toConnection(ordered, first, counted[0]!.n, (user) => encodeCursor([lastAt.get(user.id)!, user.id]));
}

/** A user's history, most recent first; ties in time fall back to arrival order, newest first. */
export async function listUserInteractions(
  db: Database,
  { userId, first, after }: { userId: number; first: number; after?: string | null },
): Promise<Connection<Interaction>> {
  checkPageSize(first);
  let keyset = {};
  if (after) {
    const { time: occurredAt, id } = decodeTimeIdCursor(after);
    keyset = { OR: [{ occurredAt: { lt: occurredAt } }, { occurredAt, id: { lt: id } }] };
  }
  const [rows, totalCount] = await Promise.all([
    db.prisma.interaction.findMany({ where: { userId, ...keyset }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: first + 1 }),
    db.prisma.interaction.count({ where: { userId } }),
  ]);
  return toConnection(rows, first, totalCount, (event) => encodeCursor([event.occurredAt.getTime(), event.id.toString()]));
}
