import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What a listener is told: each NOTIFY payload, and when notifications may have been missed. */
export interface ListenHandlers {
  /** A notification's payload, in commit order per connection. */
  message(payload: string): void;
  /**
   * `lost`: the listening connection dropped, so notifications sent meanwhile will never arrive (anything kept on
   * the strength of them must be dropped or re-checked); `restored`: listening again (what changed while it was
   * lost is unknown, so drop again). PGlite runs in this process and never loses a notification.
   */
  connection?(state: 'lost' | 'restored'): void;
}

export interface Listening {
  /** Whether notifications are arriving now (false between `lost` and `restored`). */
  readonly live: boolean;
  /**
   * Resolves once every notification of a transaction that committed before this call has been handed to
   * `message` (true), or false when that cannot be known (the connection is down). Concurrent calls share round
   * trips, so it is cheap to call on every request.
   */
  sync(): Promise<boolean>;
  close(): Promise<void>;
}

/** Channel names are identifiers: LISTEN takes no parameter, so only plain names are accepted. */
function checkChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`"${channel}" is not a valid channel name (lower-case letters, digits and _)`);
}

/** PGlite delivers a transaction's notifications right after it commits, before the committing query resolves. */
export async function listenPglite(pglite: PGlite, channel: string, handlers: ListenHandlers): Promise<Listening> {
  checkChannel(channel);
  const unlisten = await pglite.listen(channel, (payload) => handlers.message(payload));
  let open = true;
  return {
    get live() {
      return open;
    },
    // In this process a commit's notifications are delivered before the committing query resolves.
    sync: async () => open,
    async close() {
      if (!open) return;
      open = false;
      await unlisten();
    },
  };
}

/** The listening connection's application_name in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'fewshot notifications';

export interface PgListenOptions {
  /** First wait before reconnecting after the connection dropped; doubles per failed try up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  log?: (message: string) => void;
}

/**
 * LISTEN on a dedicated PostgreSQL connection (a pooled one would be handed to other queries). When it drops (a
 * server restart, a network cut) the listener is told `lost` at once and the connection is retried with back-off;
 * once it listens again it is told `restored`.
 */
export async function listenPostgres(url: string, channel: string, handlers: ListenHandlers, options: PgListenOptions = {}): Promise<Listening> {
  checkChannel(channel);
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let wait = retryMs;

  const connect = async (): Promise<void> => {
    // Named, so an operator (or a test) can find it in pg_stat_activity.
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION_NAME });
    next.on('notification', (note) => {
      if (note.channel === channel) handlers.message(note.payload ?? '');
    });
    // 'error' and 'end' both follow a dropped connection; only the first one counts.
    let dropped = false;
    const drop = (reason: string) => {
      if (dropped || closed) return;
      dropped = true;
      client = null;
      if (live) {
        live = false;
        options.log?.(`fewshot: lost the PostgreSQL notification connection (${reason}); reconnecting`);
        handlers.connection?.('lost');
      }
      schedule();
    };
    next.on('error', (error) => drop(error.message));
    next.on('end', () => drop('connection ended'));
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      dropped = true;
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    live = true;
    wait = retryMs;
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          if (live) {
            options.log?.('fewshot: listening for PostgreSQL notifications again');
            handlers.connection?.('restored');
          }
        },
        () => {
          wait = Math.min(wait * 2, maxRetryMs);
          schedule();
        },
      );
    }, wait);
    timer.unref();
  };

  // PostgreSQL sends a listening session the notifications committed before a query it runs ahead of that query's
  // answer, so a round trip on the listening connection is a barrier. One runs at a time: callers arriving while one
  // is in flight share the next, which starts after they called (the one in flight may have started before).
  let barrier: Promise<boolean> | null = null;
  let nextBarrier: Promise<boolean> | null = null;
  const roundTrip = (): Promise<boolean> => {
    const current = client;
    if (!current || !live) return Promise.resolve(false);
    return current.query('SELECT 1').then(
      () => live && client === current,
      () => false,
    );
  };
  const sync = (): Promise<boolean> => {
    if (!barrier) {
      barrier = roundTrip().finally(() => {
        barrier = null;
      });
      return barrier;
    }
    nextBarrier ??= barrier.then(() => {
      nextBarrier = null;
      return sync();
    });
    return nextBarrier;
  };

  await connect();
  return {
    get live() {
      return live;
    },
    sync,
    async close() {
      closed = true;
      live = false;
      clearTimeout(timer);
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}
