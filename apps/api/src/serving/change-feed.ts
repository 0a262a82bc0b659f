import type { Database, Listening } from '@fewshot/db';

/** What a cache needs of the feed: whether notifications arrive, and a barrier before it answers from memory. */
export interface CacheGate {
  live(): boolean;
  sync(): Promise<boolean>;
}

/** The channel the database's triggers notify on (prisma/migrations/…_change_notifications). */
export const CHANGES_CHANNEL = 'fewshot_changes';

/** The tables whose changes the triggers name (one list for the type and the payload check). */
const CHANGED_TABLES = ['interactions', 'users', 'items', 'model_versions', 'api_keys', 'item_embeddings'] as const;

/**
 * What changed: users' events or records (user ids), items or their warm-up embeddings (item ids), API keys' access
 * (key ids), `all` when too many to name; or which model version is active (`model_versions`, always `all`).
 */
export interface DataChange {
  table: (typeof CHANGED_TABLES)[number];
  ids: readonly number[] | 'all';
}

export interface ChangeHandlers {
  change(change: DataChange): void;
  /** Notifications may have been missed (the listening connection dropped or came back): forget everything. */
  reset(): void;
}

/**
 * Follows the database's change notifications. Whatever the api keeps in memory about users, events or items is
 * valid only while `live`: a PostgreSQL listener that lost its connection misses writes, so it resets and caching
 * waits until it listens again. A payload it cannot read also resets (it must have meant something changed).
 */
export class ChangeFeed {
  private listening: Listening | null = null;

  private constructor(private readonly handlers: ChangeHandlers, private readonly log: (message: string) => void) {}

  static async follow(db: Database, handlers: ChangeHandlers, log: (message: string) => void = console.log): Promise<ChangeFeed> {
    const feed = new ChangeFeed(handlers, log);
    feed.listening = await db.listen(CHANGES_CHANNEL, {
      message: (payload) => feed.receive(payload),
      connection: () => handlers.reset(),
    });
    return feed;
  }

  get live(): boolean {
    return this.listening?.live ?? false;
  }

  /**
   * True once every change committed before this call has been applied (a barrier: a write acknowledged to any
   * client before a request arrived is reflected in that request's answer); false when that cannot be known.
   */
  async sync(): Promise<boolean> {
    return (await this.listening?.sync()) ?? false;
  }

  async close(): Promise<void> {
    const listening = this.listening;
    this.listening = null;
    await listening?.close();
  }

  private receive(payload: string): void {
    const change = parseChange(payload);
    if (change) return this.handlers.change(change);
    this.log(`fewshot api: unreadable change notification ${JSON.stringify(payload.slice(0, 200))}; dropping what is cached`);
    this.handlers.reset();
  }
}

/** A notification's payload as a change, or null when it is not one the triggers send. */
export function parseChange(payload: string): DataChange | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { table, ids, all } = value as { table?: unknown; ids?: unknown; all?: unknown };
  if (!CHANGED_TABLES.includes(table as DataChange['table'])) return null;
  const known = table as DataChange['table'];
  if (all === true) return { table: known, ids: 'all' };
  if (!Array.isArray(ids) || !ids.every((id) => Number.isSafeInteger(id))) return null;
  return { table: known, ids: ids as number[] };
}
