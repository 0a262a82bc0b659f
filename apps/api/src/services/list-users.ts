import type { Database, Interaction, Prisma, User } from '@fewshot/db';
import type { UserOrder } from '../generated/graphql.ts';
import { checkPageSize, decodeIdCursor, decodeTimeIdCursor, decodeTimeIntIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

export interface ListUsersOptions {
  first: number;
  after?: string | null;
  orderBy?: UserOrder | null;
  /**
   * true: only users with fewer events than `coldThreshold` (those the few-shot path serves; in catalog order, users
   * without any too); false: only the others; absent or null: everyone.
   */
  cold?: boolean | null;
  /** FEWSHOT_COLD_THRESHOLD: needed when `cold` is given. */
  coldThreshold?: number;
}

/** A page of users in catalog (id) order, or by their latest interaction, most recent first; all, or the cold or warm ones. */
export async function listUsers(db: Database, { first, after, orderBy, cold, coldThreshold }: ListUsersOptions): Promise<Connection<User>> {
  checkPageSize(first);
  const warmth = cold === undefined || cold === null ? null : { cold, threshold: checkedThreshold(coldThreshold) };
  if (orderBy === 'RECENTLY_ACTIVE') return listRecentlyActiveUsers(db, first, after ?? null, warmth);
  const afterId = after ? decodeIdCursor(after) : null;
  // From user_activity (kept by triggers on interactions): a user without a row has no events, so is cold.
  const activity: Prisma.UserWhereInput = !warmth
    ? {}
    : warmth.cold
      ? { OR: [{ activity: null }, { activity: { events: { lt: warmth.threshold } } }] }
      : { activity: { events: { gte: warmth.threshold } } };
  const [rows, totalCount] = await Promise.all([
    db.prisma.user.findMany({ where: { ...activity, ...(afterId === null ? {} : { id: { gt: afterId } }) }, orderBy: { id: 'asc' }, take: first + 1 }),
    db.prisma.user.count({ where: activity }),
  ]);
  return toConnection(rows, first, totalCount, (user) => encodeCursor([user.id]));
}

/**
 * Users with at least one interaction, by their latest one (newest first, then the higher id): whom a change to
 * the catalog or the model reaches first. Keyset on (latest interaction time, user id) over user_activity's index on
 * it, kept by the database's triggers on interactions: a page reads `first + 1` rows whatever the number of events.
 */
async function listRecentlyActiveUsers(db: Database, first: number, after: string | null, warmth: { cold: boolean; threshold: number } | null): Promise<Connection<User>> {
  const position = after ? decodeTimeIntIdCursor(after) : null;
  const [rows, counted] = await Promise.all([
    db.sql.query<{ user_id: number; last_at: Date }>(
      `SELECT user_id, last_at FROM user_activity
        WHERE ($1::timestamptz IS NULL OR (last_at, user_id) < ($1::timestamptz, $2::int)) AND ($4::boolean IS NULL OR (events < $5::int) = $4::boolean)
        ORDER BY last_at DESC, user_id DESC LIMIT $3`,
      [position?.time ?? null, position?.id ?? 0, first + 1, warmth?.cold ?? null, warmth?.threshold ?? 0],
    ),
    db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM user_activity WHERE $1::boolean IS NULL OR (events < $2::int) = $1::boolean', [warmth?.cold ?? null, warmth?.threshold ?? 0]),
  ]);
  const users = new Map((await db.prisma.user.findMany({ where: { id: { in: rows.map((row) => Number(row.user_id)) } } })).map((user) => [user.id, user]));
  const lastAt = new Map(rows.map((row) => [Number(row.user_id), new Date(row.last_at).getTime()]));
  // A user deleted between the two reads is left out of the page.
  const ordered = rows.flatMap((row) => users.get(Number(row.user_id)) ?? []);
  return toConnection(ordered, first, counted[0]!.n, (user) => encodeCursor([lastAt.get(user.id)!, user.id]));
}

function checkedThreshold(threshold: number | undefined): number {
  if (threshold === undefined || !Number.isInteger(threshold) || threshold < 0) throw new Error(`listUsers: a cold filter needs the cold threshold, got ${threshold}`);
  return threshold;
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
