import { badInput } from '../errors.ts';

/** A page of results in the GraphQL connection shape. */
export interface Connection<T> {
  nodes: T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount: number;
}

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  return first;
}

/** Cursors are opaque to clients: base64url JSON of the keyset position. */
export function encodeCursor(position: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function notACursor(): Error {
  return badInput('after is not a cursor this API returned; pass the endCursor of the previous page', 'after');
}

export function decodeCursor(cursor: string, length: number): Array<string | number> {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(position) && position.length === length && position.every((part) => typeof part === 'string' || typeof part === 'number')) {
      return position;
    }
  } catch {
    // fall through to the error below
  }
  throw notACursor();
}

// Cursors come back from clients: every part is checked against its column's range before it reaches SQL, so a
// crafted one (`[99999999999999999999]`, `["abc"]`) is BAD_USER_INPUT, not a database error.
const MAX_INT4 = 2_147_483_647;
const MAX_INT8 = 9_223_372_036_854_775_807n;
const MAX_DATE_MS = 8.64e15;

function intId(part: string | number): number {
  if (typeof part !== 'number' || !Number.isInteger(part) || part < 0 || part > MAX_INT4) throw notACursor();
  return part;
}

function time(part: string | number): Date {
  if (typeof part !== 'number' || !Number.isInteger(part) || Math.abs(part) > MAX_DATE_MS) throw notACursor();
  return new Date(part);
}

/** The position of a cursor over an `int` primary key (items, users). */
export function decodeIdCursor(cursor: string): number {
  const [id] = decodeCursor(cursor, 1);
  return intId(id!);
}

/** The position of a cursor over (time, `bigint` id), as histories are ordered. */
export function decodeTimeIdCursor(cursor: string): { time: Date; id: bigint } {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id) || BigInt(id) > MAX_INT8) throw notACursor();
  return { time: time(at!), id: BigInt(id) };
}

/** The position of a cursor over (time, `int` id), as model versions are ordered. */
export function decodeTimeIntIdCursor(cursor: string): { time: Date; id: number } {
  const [at, id] = decodeCursor(cursor, 2);
  return { time: time(at!), id: intId(id!) };
}

/**
 * The position of an offset cursor, for lists that cannot be read from a keyset (jobs across BullMQ's queues and
 * states): how many rows come before the page, at most `max`, so a crafted one cannot make the list read without end.
 */
export function decodeOffsetCursor(cursor: string, max: number): number {
  const [part] = decodeCursor(cursor, 1);
  const offset = intId(part!);
  if (offset > max) throw notACursor();
  return offset;
}

/** Builds a connection from `first + 1` fetched rows: the extra row only says whether a next page exists. */
export function toConnection<T>(rows: T[], first: number, totalCount: number, cursorOf: (row: T) => string): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { endCursor: last ? cursorOf(last) : null, hasNextPage: rows.length > first }, totalCount };
}
