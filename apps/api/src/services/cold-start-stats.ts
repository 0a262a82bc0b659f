import type { Database } from '@fewshot/db';
import { badInput } from '../errors.ts';
import type { ModelRegistry } from '../serving/model-registry.ts';

/** The longest look back: a quarter. */
export const MAX_COLD_START_DAYS = 90;

export interface ColdStartStats {
  days: number;
  /**
   * Active items the serving version was not trained on: added since its training (the item embedding generator places
   * them). Looked for among items created from a day before the version was stored (its training's snapshot precedes
   * that by the training's length).
   */
  newItems: number;
  /** Of those, the ones it ranks now (placed). */
  newItemsRecommendable: number;
  /** Of those, the ones it cannot rank yet (no vector of its encoders: features not computed, or failed). */
  newItemsWaiting: number;
  /** Their ids (database), newest first, at most 20: what to look at first. */
  waitingItemIds: number[];
  /**
   * Active items the serving version had in its catalog but no training event for (MmlModel.itemsWithoutData): new to
   * it as well, ranked by the generator's row, served by new-item slots like the items added since.
   */
  itemsWithoutTrainingEvents: number;
  /** Users whose first event is in the window. */
  newUsers: number;
  /** Users with an event in the window. */
  activeUsers: number;
  /** Of those, the ones with fewer events in all than the cold threshold: the users the few-shot path serves. */
  coldActiveUsers: number;
  /** The cold threshold those were counted with (FEWSHOT_COLD_THRESHOLD). */
  coldThreshold: number;
  /** The version that ranks; null when none is active (popularity serves, and no item is new to a model). */
  modelVersionId: number | null;
}

/**
 * Cold start now: the items the serving version was not trained on and whether it ranks them yet, and over the last
 * `days` days (by event time, up to now) the users who are new or cold. What the platform is for, on the overview.
 */
export async function coldStartStats(db: Database, registry: ModelRegistry, { days, coldThreshold }: { days: number; coldThreshold: number }): Promise<ColdStartStats> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_COLD_START_DAYS) throw badInput(`days must be a whole number from 1 to ${MAX_COLD_START_DAYS}, got ${days}`, 'days');
  const users = await activeUserCounts(db, days, coldThreshold);
  const items = await registry.use(async (model) => {
    if (!model) return null;
    const candidates = await db.sql.query<{ id: number }>(
      `SELECT i.id FROM items i, model_versions v
        WHERE v.id = $1 AND i.status = 'ACTIVE' AND i.created_at > v.created_at - interval '1 day'
        ORDER BY i.created_at DESC, i.id DESC`,
      [model.versionId],
    );
    // Exact per item: a row after the model's own is an item placed since its training; no row, one not placed yet.
    const rows = candidates.map((row) => ({ id: Number(row.id), row: model.catalog.rowOf(Number(row.id)) }));
    const added = rows.filter(({ row }) => row === undefined || row > model.model.numItems);
    const waiting = added.filter(({ row }) => row === undefined).map(({ id }) => id);
    const withoutEvents = Array.from(model.model.itemsWithoutData).filter((row) => model.catalog.entry(row)?.active).length;
    return { versionId: model.versionId, added: added.length, waiting, withoutEvents };
  });
  return {
    days,
    newItems: items?.added ?? 0,
    newItemsRecommendable: items ? items.added - items.waiting.length : 0,
    newItemsWaiting: items?.waiting.length ?? 0,
    waitingItemIds: items?.waiting.slice(0, 20) ?? [],
    itemsWithoutTrainingEvents: items?.withoutEvents ?? 0,
    ...users,
    coldThreshold,
    modelVersionId: items?.versionId ?? null,
  };
}

/**
 * Over the last `days` days up to now: users whose first event falls in them, users with an event in them, and those
 * of the latter with fewer than `coldThreshold` events in all. From user_activity (kept by triggers on interactions)
 * over its indexes on first and latest event time, not from every event. A user whose latest event is in the future
 * (a client's clock ahead) is active when an event of theirs up to now falls in the window, which their own events
 * (by the user_id, occurred_at index) say.
 */
export async function activeUserCounts(db: Database, days: number, coldThreshold: number): Promise<{ newUsers: number; activeUsers: number; coldActiveUsers: number }> {
  const [row] = await db.sql.query<{ new_users: number; active: number; cold: number }>(
    `WITH active AS (
       SELECT events FROM user_activity WHERE last_at > now() - make_interval(days => $1) AND last_at <= now()
       UNION ALL
       SELECT a.events FROM user_activity a
        WHERE a.last_at > now() AND EXISTS (
          SELECT 1 FROM interactions i WHERE i.user_id = a.user_id AND i.occurred_at > now() - make_interval(days => $1) AND i.occurred_at <= now()))
     SELECT (SELECT count(*) FROM user_activity WHERE first_at > now() - make_interval(days => $1) AND first_at <= now())::int AS new_users,
            (SELECT count(*) FROM active)::int AS active,
            (SELECT count(*) FROM active WHERE events < $2)::int AS cold`,
    [days, coldThreshold],
  );
  return { newUsers: Number(row?.new_users ?? 0), activeUsers: Number(row?.active ?? 0), coldActiveUsers: Number(row?.cold ?? 0) };
}
