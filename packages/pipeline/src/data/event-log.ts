import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '@fewshot/db';
import { openDataset, type ImportFormat } from '../import/formats/detect.ts';
import type { InteractionRecord, ItemRecord } from '../import/types.ts';

/**
 * What training reads: every user's time-ordered item sequence. Item indices are 1-based into `itemExternalIds`
 * (0 stays free for padding); same-second events keep their file (or arrival) order.
 */
export interface EventLog {
  itemExternalIds: string[];
  userExternalIds: string[];
  /** Per user, item indices in time order. */
  sequences: Int32Array[];
  /** Per user, Unix seconds aligned with `sequences`. */
  timestamps: Float64Array[];
}

class EventLogBuilder {
  readonly itemIndex = new Map<string, number>();
  readonly itemExternalIds: string[] = [];
  readonly #users = new Map<string, { items: number[]; times: number[] }>();

  addItem(externalId: string): number {
    let index = this.itemIndex.get(externalId);
    if (index === undefined) {
      this.itemExternalIds.push(externalId);
      index = this.itemExternalIds.length;
      this.itemIndex.set(externalId, index);
    }
    return index;
  }

  addEvent(userExternalId: string, itemExternalId: string, seconds: number): void {
    let user = this.#users.get(userExternalId);
    if (!user) this.#users.set(userExternalId, (user = { items: [], times: [] }));
    user.items.push(this.addItem(itemExternalId));
    user.times.push(seconds);
  }

  build(): EventLog {
    const userExternalIds: string[] = [];
    const sequences: Int32Array[] = [];
    const timestamps: Float64Array[] = [];
    for (const [userId, { items, times }] of this.#users) {
      // Stable sort by time: ties keep arrival order.
      const order = items.map((_, index) => index).sort((a, b) => times[a]! - times[b]! || a - b);
      userExternalIds.push(userId);
      sequences.push(Int32Array.from(order, (index) => items[index]!));
      timestamps.push(Float64Array.from(order, (index) => times[index]!));
    }
    return { itemExternalIds: this.itemExternalIds, userExternalIds, sequences, timestamps };
  }
}

/**
 * Reads a dataset folder in any import format straight into an event log, without a database. Every item of the
 * items file gets an index, rated or not; bad rows stop the load with the same errors the importer gives.
 */
export async function loadEventLogFromDirectory(dir: string, format: ImportFormat = 'auto'): Promise<EventLog> {
  const builder = new EventLogBuilder();
  for (const file of openDataset(dir, format).files) {
    if (file.kind === 'users') continue;
    for await (const rows of file.rows()) {
      for (const row of rows) {
        if ('error' in row) throw row.error;
        if (file.kind === 'items') builder.addItem((row.record as ItemRecord).externalId);
        else {
          const event = row.record as InteractionRecord;
          builder.addEvent(event.userExternalId, event.itemExternalId, event.occurredAt / 1000);
        }
      }
    }
  }
  return builder.build();
}

/** Events read per query: one query's rows are parsed in one go on the caller's thread (PGlite runs in it too). */
const EVENTS_PER_QUERY = 10_000;

/**
 * The same event log from the database: items in id order, events in (time, id) order per user. Events come a page at
 * a time (keyset on the interactions index), letting the event loop run between pages: in one query, the demo
 * catalog's 100,000 events held the embedded api's event loop for about 2 s at the start of every training.
 */
export async function loadEventLogFromDatabase(db: Database): Promise<EventLog> {
  const builder = new EventLogBuilder();
  const items = await db.sql.query<{ external_id: string }>(`SELECT external_id FROM items WHERE status = 'ACTIVE' ORDER BY id`);
  for (const item of items) builder.addItem(item.external_id);
  type EventRow = { user_id: number; occurred_at: Date; id: number; user_ext: string; item_ext: string; seconds: number };
  let after: EventRow | undefined;
  for (;;) {
    const page = await db.sql.query<EventRow>(
      `SELECT e.user_id, e.occurred_at, e.id, u.external_id AS user_ext, i.external_id AS item_ext, extract(epoch FROM e.occurred_at)::float8 AS seconds
       FROM interactions e JOIN users u ON u.id = e.user_id JOIN items i ON i.id = e.item_id
       ${after ? 'WHERE (e.user_id, e.occurred_at, e.id) > ($2, $3, $4)' : ''}
       ORDER BY e.user_id, e.occurred_at, e.id LIMIT $1`,
      after ? [EVENTS_PER_QUERY, after.user_id, after.occurred_at, after.id] : [EVENTS_PER_QUERY],
    );
    for (const event of page) builder.addEvent(event.user_ext, event.item_ext, event.seconds);
    if (page.length < EVENTS_PER_QUERY) break;
    after = page.at(-1);
    await nextTurn();
  }
  return builder.build();
}
