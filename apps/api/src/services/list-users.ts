import type { Database, Interaction, User } from '@fewshot/db';
import { checkPageSize, decodeIdCursor, decodeTimeIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

/** A page of users in catalog (id) order. */
export async function listUsers(db: Database, { first, after }: { first: number; after?: string | null }): Promise<Connection<User>> {
  checkPageSize(first);
  const afterId = after ? decodeIdCursor(after) : null;
  const [rows, totalCount] = await Promise.all([
    db.prisma.user.findMany({ where: afterId === null ? {} : { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: first + 1 }),
    db.prisma.user.count(),
  ]);
  return toConnection(rows, first, totalCount, (user) => encodeCursor([user.id]));
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
