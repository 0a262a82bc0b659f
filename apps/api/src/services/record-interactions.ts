import type { Database, Interaction, InteractionKind, SqlExecutor } from '@fewshot/db';
import { badInput } from '../errors.ts';
import { itemIdsByExternalId } from './item-ids.ts';

export interface InteractionInput {
  userId: string;
  itemId: string;
  kind?: InteractionKind | null;
  value?: number | null;
  occurredAt?: Date | null;
  clientEventId?: string | null;
}

export interface RecordedInteraction {
  interaction: Interaction;
  /** False when the clientEventId had been recorded already (nothing new written). */
  created: boolean;
}

export const MAX_BATCH = 1_000;
/** Clock skew a client may have: events further in the future are refused. */
const FUTURE_LIMIT_MS = 24 * 60 * 60 * 1000;

interface InteractionRow {
  id: string | number | bigint;
  user_id: number;
  item_id: number;
  kind: InteractionKind;
  value: number | null;
  occurred_at: Date | string;
  client_event_id: string | null;
  created_at: Date | string;
}

/**
 * Records events in one transaction: all of them or none. Unknown users are created; unknown items are an error
 * naming them. An event whose clientEventId is already stored is not written again (safe retries) unless it
 * names another user or item, which is an error: one id, one event.
 */
export async function recordInteractions(db: Database, inputs: readonly InteractionInput[], now = new Date()): Promise<RecordedInteraction[]> {
  if (inputs.length === 0) throw badInput('send at least one interaction', 'inputs');
  if (inputs.length > MAX_BATCH) throw badInput(`a batch holds at most ${MAX_BATCH} interactions, got ${inputs.length}`, 'inputs');
  inputs.forEach((input, i) => validate(input, inputs.length > 1 ? `inputs[${i}]` : 'input', now));
  return db.sql.transaction(async (tx) => {
    const itemIds = await itemIdsByExternalId(tx, inputs.map((input) => input.itemId), { field: 'itemId', hint: 'create items before recording interactions with them' });
    const userIds = await ensureUsers(tx, [...new Set(inputs.map((input) => input.userId))]);

    const recorded: RecordedInteraction[] = new Array(inputs.length);
    // Written in user id order (answered in the order sent): each insert's trigger locks its user's row in
    // user_activity until the transaction ends, and two batches that took them in opposite orders would deadlock.
    const order = inputs.map((input, index) => ({ input, index, userId: userIds.get(input.userId)! })).sort((a, b) => a.userId - b.userId || a.index - b.index);
    for (const { input, index, userId } of order) {
      const itemId = itemIds.get(input.itemId)!;
      const [inserted] = await tx.query<InteractionRow>(
        `INSERT INTO interactions (user_id, item_id, kind, value, occurred_at, client_event_id)
         VALUES ($1, $2, $3::interaction_kind, $4, $5, $6)
         ON CONFLICT (client_event_id) DO NOTHING RETURNING *`,
        [userId, itemId, input.kind ?? 'VIEW', input.value ?? null, input.occurredAt ?? now, input.clientEventId ?? null],
      );
      if (inserted) {
        recorded[index] = { interaction: toInteraction(inserted), created: true };
        continue;
      }
      const [existing] = await tx.query<InteractionRow>('SELECT * FROM interactions WHERE client_event_id = $1', [input.clientEventId]);
      if (!existing) throw new Error(`interaction ${input.clientEventId} conflicted but cannot be read back`);
      if (Number(existing.user_id) !== userId || Number(existing.item_id) !== itemId) {
        throw badInput(`clientEventId "${input.clientEventId}" was already used for another event (another user or item): each event needs its own id`, 'clientEventId');
      }
      recorded[index] = { interaction: toInteraction(existing), created: false };
    }
    return recorded;
  });
}

/** Attempts at creating and locking a batch's users before giving up (each lost only to a concurrent deleteUser). */
const USER_ATTEMPTS = 5;

/**
 * The database ids of these users, creating those that do not exist, each row locked against deletion until the
 * transaction ends (the lock the events' foreign key takes anyway). A user deleted by a concurrent `deleteUser`
 * between the insert and the lock is created again: an event that arrives as a person is forgotten starts them
 * afresh rather than failing, or pointing at a row that is gone.
 */
async function ensureUsers(tx: SqlExecutor, externalIds: readonly string[]): Promise<Map<string, number>> {
  for (let attempt = 1; ; attempt++) {
    await tx.query('INSERT INTO users (external_id) SELECT unnest($1::text[]) ON CONFLICT (external_id) DO NOTHING', [externalIds]);
    const users = await tx.query<{ id: number; external_id: string }>('SELECT id, external_id FROM users WHERE external_id = ANY($1::text[]) FOR KEY SHARE', [externalIds]);
    if (users.length === externalIds.length) return new Map(users.map((row) => [row.external_id, Number(row.id)]));
    if (attempt === USER_ATTEMPTS) throw new Error(`users of an interaction batch were deleted ${USER_ATTEMPTS} times while it was recorded`);
  }
}

function validate(input: InteractionInput, field: string, now: Date): void {
  if (input.value !== undefined && input.value !== null && !Number.isFinite(input.value)) throw badInput(`${field}.value must be a finite number`, `${field}.value`);
  if (input.occurredAt && input.occurredAt.getTime() > now.getTime() + FUTURE_LIMIT_MS) {
    throw badInput(`${field}.occurredAt is more than a day in the future (${input.occurredAt.toISOString()}); send the time the event happened, in UTC`, `${field}.occurredAt`);
  }
  if (input.clientEventId !== undefined && input.clientEventId !== null && (input.clientEventId.trim() === '' || input.clientEventId.length > 256 || input.clientEventId.includes('\0'))) {
    throw badInput(`${field}.clientEventId must be 1 to 256 characters without NUL bytes`, `${field}.clientEventId`);
  }
}

function toInteraction(row: InteractionRow): Interaction {
  return {
    id: BigInt(row.id),
    userId: Number(row.user_id),
    itemId: Number(row.item_id),
    kind: row.kind,
    value: row.value === null ? null : Number(row.value),
    occurredAt: new Date(row.occurred_at),
    clientEventId: row.client_event_id,
    createdAt: new Date(row.created_at),
  };
}
