import type { Database, Item, Prisma } from '@fewshot/db';
import type { ItemOrder } from '../generated/graphql.ts';
import { checkText } from './check-input.ts';
import { checkPageSize, decodeIdCursor, encodeCursor, toConnection, type Connection } from './pagination.ts';

export interface ListItemsOptions {
  first: number;
  after?: string | null;
  search?: string | null;
  genre?: string | null;
  orderBy: ItemOrder;
}

/** `search` is text, not a pattern: LIKE's wildcards and its escape character match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The spellings of `genre` the catalog uses, compared case-insensitively ("comedy" finds "Comedy"), so the filter
 * below stays an exact JSON containment test that an index on attributes can serve.
 */
async function genreSpellings(db: Database, genre: string): Promise<string[]> {
  const rows = await db.sql.query<{ genre: string }>(
    `SELECT DISTINCT g AS genre FROM items,
       jsonb_array_elements_text(CASE WHEN jsonb_typeof(attributes->'genres') = 'array' THEN attributes->'genres' ELSE '[]'::jsonb END) AS g
     WHERE lower(g) = lower($1)`,
    [genre],
  );
  return rows.map((row) => row.genre);
}

/** A page of the catalog, filtered by title text and genre (both case-insensitive), in id order (oldest or newest first). */
export async function listItems(db: Database, { first, after, search, genre, orderBy }: ListItemsOptions): Promise<Connection<Item>> {
  checkPageSize(first);
  checkText(search, 'search', 200);
  checkText(genre, 'genre', 200);
  const afterId = after ? decodeIdCursor(after) : null;
  const spellings = genre ? await genreSpellings(db, genre) : [];
  const where: Prisma.ItemWhereInput = {
    ...(search ? { title: { contains: escapeLike(search), mode: 'insensitive' } } : {}),
    // No spelling in the catalog: an empty OR matches nothing.
    ...(genre ? { OR: spellings.map((spelling) => ({ attributes: { path: ['genres'], array_contains: [spelling] } })) } : {}),
  };
  const page = afterId === null ? {} : { id: orderBy === 'NEWEST' ? { lt: afterId } : { gt: afterId } };
  const [rows, totalCount] = await Promise.all([
    db.prisma.item.findMany({ where: { ...where, ...page }, orderBy: { id: orderBy === 'NEWEST' ? 'desc' : 'asc' }, take: first + 1 }),
    db.prisma.item.count({ where }),
  ]);
  return toConnection(rows, first, totalCount, (item) => encodeCursor([item.id]));
}
