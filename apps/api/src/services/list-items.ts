import type { Database, Item, Prisma } from '@fewshot/db';
import { badInput } from '../errors.ts';
import { checkPageSize, decodeCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

export interface ListItemsOptions {
  first: number;
  after?: string | null;
  search?: string | null;
  genre?: string | null;
  orderBy: 'OLDEST' | 'NEWEST';
}

/** A page of the catalog, filtered by title text and genre, in id order (oldest or newest first). */
export async function listItems(db: Database, { first, after, search, genre, orderBy }: ListItemsOptions): Promise<Connection<Item>> {
  checkPageSize(first);
  if (search !== undefined && search !== null && search.length > 200) throw badInput('search must be at most 200 characters', 'search');
  const where: Prisma.ItemWhereInput = {
    ...(search ? { title: { contains: search, mode: 'insensitive' } } : {}),
    ...(genre ? { attributes: { path: ['genres'], array_contains: [genre] } } : {}),
  };
  const afterId = after ? Number(decodeCursor(after, 1)[0]) : null;
  const page = afterId === null ? {} : { id: orderBy === 'NEWEST' ? { lt: afterId } : { gt: afterId } };
  const [rows, totalCount] = await Promise.all([
    db.prisma.item.findMany({ where: { ...where, ...page }, orderBy: { id: orderBy === 'NEWEST' ? 'desc' : 'asc' }, take: first + 1 }),
    db.prisma.item.count({ where }),
  ]);
  return toConnection(rows, first, totalCount, (item) => encodeCursor([item.id]));
}
