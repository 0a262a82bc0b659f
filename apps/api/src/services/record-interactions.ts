import type { Database, Interaction, InteractionKind } from '@fewshot/db';
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
    const userExternalIds = [...new Set(inputs.map((input) => input.userId))];
    await tx.query('INSERT INTO users (external_id) SELECT unnest($1::text[]) ON CONFLICT (external_id) DO NOTHING', [userExternalIds]);
    const users = await tx.query<{ id: number; external_id: string }>('SELECT id, external_id FROM users WHERE external_id = ANY($1::text[])', [userExternalIds]);
    const userIds = new Map(users.map((row) => [row.external_id, Number(row.id)]));

    const recorded: RecordedInteraction[] = [];
    for (const input of inputs) {
      const userId = userIds.get(input.userId)!;
      const itemId = itemIds.get(input.itemId)!;
      const [inserted] = await tx.query<InteractionRow>(
        `INSERT INTO interactions (user_id, item_id, kind, value, occurred_at, client_event_id)
         VALUES ($1, $2, $3::interaction_kind, $4, $5, $6)
         ON CONFLICT (client_event_id) DO NOTHING RETURNING *`,
        [userId, itemId, input.kind ?? 'VIEW', input.value ?? null, input.occurredAt ?? now, input.clientEventId ?? null],
      );
      if (inserted) {
        recorded.push({ interaction: toInteraction(inserted), created: true });
        continue;
      }
      const [existing] = await tx.query<InteractionRow>('SELECT * FROM interactions WHERE client_event_id = $1', [input.clientEventId]);
      if (!existing) throw new Error(`interaction ${input.clientEventId} conflicted but cannot be read back`);
      if (Number(existing.user_id) !== userId || Number(existing.item_id) !== itemId) {
        throw badInput(`clientEventId "${input.clientEventId}" was already used for another event (another user or item): each event needs its own id`, 'clientEventId');
      }
      recorded.push({ interaction: toInteraction(existing), created: false });
    }
    return recorded;
  });
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
