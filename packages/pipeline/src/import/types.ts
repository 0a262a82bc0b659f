/** What an import reads, format-independent. Every record remembers where it came from for error messages. */

export type InteractionKindName = 'VIEW' | 'CLICK' | 'RATING' | 'LIKE' | 'CART' | 'PURCHASE';
export const INTERACTION_KINDS: readonly InteractionKindName[] = ['VIEW', 'CLICK', 'RATING', 'LIKE', 'CART', 'PURCHASE'];

export interface ItemRecord {
  externalId: string;
  title: string;
  description: string | null;
  /** e.g. `{ genres: [...], year: 1995 }` */
  attributes: Record<string, unknown>;
  /** An image reference the format itself carries (resolved against the file's folder); `--images` may add one. */
  imageUri: string | null;
}

export interface UserRecord {
  externalId: string;
  attributes: Record<string, unknown>;
}

export interface InteractionRecord {
  userExternalId: string;
  itemExternalId: string;
  kind: InteractionKindName;
  value: number | null;
  /** Milliseconds since the epoch. */
  occurredAt: number;
  /** The client's id for the event; derived from (user, item, kind, time) when the format has none. */
  clientEventId: string;
}

export type RecordKind = 'items' | 'users' | 'interactions';
export interface RecordOf {
  items: ItemRecord;
  users: UserRecord;
  interactions: InteractionRecord;
}

/** A row that could not be used, named by file, line and field so a person can fix it. */
export class RowError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super(`${file}:${line}${field ? ` field "${field}"` : ''}: ${reason}`);
    this.name = 'RowError';
  }
}

/** One parsed row: a record, or the reason it is unusable. */
export type ParsedRow<T> = { line: number; record: T } | { line: number; error: RowError };

/** One file of a dataset with the kind of records it holds. */
export interface DatasetFile<K extends RecordKind = RecordKind> {
  kind: K;
  path: string;
  /** Streams the rows in batches; `onBytes` reports progress through the file. */
  rows(onBytes?: (bytesRead: number) => void): AsyncIterable<Array<ParsedRow<RecordOf[K]>>>;
}

export type AnyDatasetFile = DatasetFile<'items'> | DatasetFile<'users'> | DatasetFile<'interactions'>;

export interface Dataset {
  format: string;
  /** Items first, then users, then interactions: later files refer to earlier ones. */
  files: AnyDatasetFile[];
}
