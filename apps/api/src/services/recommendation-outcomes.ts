import type { Database, ModelVersion } from '@fewshot/db';
import { badInput } from '../errors.ts';
import type { RecommendationPath } from '../serving/recommend.ts';

/** Ranges of the user's events when served: none, the two that no version adapts on, then growing towards warm. */
export const HISTORY_RANGES: ReadonlyArray<readonly [from: number, to: number | null]> = [[0, 0], [1, 2], [3, 4], [5, 9], [10, 19], [20, null]];

export interface OutcomeQuery {
  since?: Date | null;
  until?: Date | null;
  withinMinutes?: number | null;
  modelVersionId?: number | null;
}

export interface OutcomeRow {
  modelVersionId: number | null;
  path: RecommendationPath;
  historyFrom: number;
  historyTo: number | null;
  lists: number;
  followed: number;
  followRate: number;
  meanReciprocalRank: number;
  stillOpen: number;
}

export interface Outcomes {
  since: Date;
  until: Date;
  withinMinutes: number;
  rows: OutcomeRow[];
}

/** The longest window after a list in which an event still follows it: a week. */
export const MAX_WITHIN_MINUTES = 7 * 24 * 60;
/** Lists served in the last 7 days, unless the query says otherwise. */
const DEFAULT_RANGE_MS = 7 * 86_400_000;
/** Rows of one version and history range, in the order a list's path is reached as a user gains events. */
const PATH_ORDER: readonly RecommendationPath[] = ['no_model', 'no_history', 'cold_unadapted', 'few_shot', 'warm'];

/**
 * How the lists recorded by ServedListLog were followed: for each, the best rank among its items that its user then
 * had an event on, within `withinMinutes` after it was served (by the event's time, so events sent late with their
 * own time count where they happened). Grouped by version, path and history range; the busiest version first.
 */
export async function recommendationOutcomes(db: Database, query: OutcomeQuery, now = new Date()): Promise<Outcomes> {
  const withinMinutes = checkWithinMinutes(query.withinMinutes);
  const until = query.until ?? now;
  const since = query.since ?? new Date(until.getTime() - DEFAULT_RANGE_MS);
  if (since.getTime() >= until.getTime()) throw badInput(`since (${since.toISOString()}) must be before until (${until.toISOString()})`, 'since');
  const rows = await db.sql.query<{ model_version_id: number | null; path: RecommendationPath; bucket: number; lists: number; followed: number; rr_sum: number | string; still_open: number }>(
    `WITH lists AS (
       SELECT l.model_version_id, l.path, ${listOutcomeColumns('$3', '$5')}
         FROM served_lists l
        WHERE l.served_at >= $1 AND l.served_at < $2 AND ($4::int IS NULL OR l.model_version_id = $4))
     SELECT model_version_id, path, bucket, count(*)::int AS lists, count(best_rank)::int AS followed,
            coalesce(sum(1.0 / best_rank), 0)::float8 AS rr_sum, (count(*) FILTER (WHERE open))::int AS still_open
       FROM lists GROUP BY model_version_id, path, bucket`,
    [since, until, withinMinutes, query.modelVersionId ?? null, now],
  );
  const result = rows.map((row): OutcomeRow => {
    const lists = Number(row.lists);
    const followed = Number(row.followed);
    const [historyFrom, historyTo] = HISTORY_RANGES[Number(row.bucket)]!;
    const modelVersionId = row.model_version_id === null ? null : Number(row.model_version_id);
    return { modelVersionId, path: row.path, historyFrom, historyTo, lists, followed, followRate: followed / lists, meanReciprocalRank: Number(row.rr_sum) / lists, stillOpen: Number(row.still_open) };
  });
  const listsOf = new Map<number | null, number>();
  for (const row of result) listsOf.set(row.modelVersionId, (listsOf.get(row.modelVersionId) ?? 0) + row.lists);
  result.sort((a, b) => listsOf.get(b.modelVersionId)! - listsOf.get(a.modelVersionId)! || (b.modelVersionId ?? 0) - (a.modelVersionId ?? 0) || a.historyFrom - b.historyFrom || PATH_ORDER.indexOf(a.path) - PATH_ORDER.indexOf(b.path));
  return { since, until, withinMinutes, rows: result };
}

/** How long after a list an event still follows it: 1 to MAX_WITHIN_MINUTES, a day unless said. */
export function checkWithinMinutes(withinMinutes: number | null | undefined): number {
  const within = withinMinutes ?? 1440;
  if (!Number.isInteger(within) || within < 1 || within > MAX_WITHIN_MINUTES) {
    throw badInput(`withinMinutes must be a whole number from 1 to ${MAX_WITHIN_MINUTES} (a week), got ${within}`, 'withinMinutes');
  }
  return within;
}

/**
 * The columns that say how a served list `l` did: `bucket` (its HISTORY_RANGES index), `open` (its window, `within`
 * minutes, has not closed at `now`) and `best_rank` (the best rank among its items its user then had an event on,
 * null when none), for recommendationOutcomes and the trials' comparison alike.
 */
export function listOutcomeColumns(within: string, now: string): string {
  const range = HISTORY_RANGES.map(([, to], i) => (to === null ? `ELSE ${i}` : `WHEN l.history_length <= ${to} THEN ${i}`)).join(' ');
  return `CASE ${range} END AS bucket,
              l.served_at + make_interval(mins => ${within}) > ${now}::timestamptz AS open,
              (SELECT min(array_position(l.item_ids, x.item_id)) ${followingEvents(within, now)}) AS best_rank`;
}

/**
 * `FROM … WHERE …` of the events `x` that follow a served list `l`: its user's, on one of its items, within `within`
 * minutes of it, and no later than `asOf` (when the lists are judged): a client may date an event up to a day ahead
 * (record-interactions.ts), and an event that has not happened yet follows nothing. What "followed" means wherever
 * lists are judged (listOutcomeColumns, a trial's timeline).
 */
export function followingEvents(within: string, asOf: string): string {
  return `FROM interactions x
                WHERE x.user_id = l.user_id AND x.occurred_at >= l.served_at AND x.occurred_at <= ${asOf}::timestamptz
                  AND x.occurred_at < l.served_at + make_interval(mins => ${within}) AND x.item_id = ANY(l.item_ids)`;
}

/** The versions the rows name, by id, read in one query (the api answers with them, the CLI prints their names). */
export async function outcomeVersions(db: Database, outcomes: Outcomes): Promise<Map<number, ModelVersion>> {
  const ids = [...new Set(outcomes.rows.map((row) => row.modelVersionId).filter((id) => id !== null))];
  const versions = ids.length === 0 ? [] : await db.prisma.modelVersion.findMany({ where: { id: { in: ids } } });
  return new Map(versions.map((version) => [version.id, version]));
}
