import type { Database } from '@fewshot/db';
import type { FirstItemsPolicy } from '@fewshot/model/coldstart';
import type { PopularityWindow } from '../generated/graphql.ts';

/**
 * What a counted ranking counts: a version's choice for users without history (@fewshot/model/coldstart
 * first-items.ts), or events in a window before now (`popularItems`).
 */
export type CountSpec = FirstItemsPolicy | { kind: 'window'; window: Exclude<PopularityWindow, 'ALL_TIME'> };

/** Every item with an event, best first, before any filter: the order any filtered list keeps. */
export interface CountedRanking {
  readonly itemIds: Int32Array;
  readonly counts: Int32Array;
}

export interface ServableOptions {
  first: number;
  /** Item database ids never to return. */
  exclude?: readonly number[];
  /** Lower-cased genres; an item qualifies with any of them. */
  genres?: readonly string[];
}

const WINDOW_INTERVAL: Record<Exclude<PopularityWindow, 'ALL_TIME'>, string> = { DAY: '1 day', WEEK: '7 days', MONTH: '30 days', YEAR: '365 days' };

/**
 * One pass over the events: every item that has one, by the spec's count, ties by all-time count (where the spec
 * counts a subset), then the older item: the order the training ranked its validation users by. Items are not
 * filtered here (status, genres, exclusions), so one ranking serves every request for a while and each request
 * filters it with items as they are now (`servableTop`).
 */
export async function countItems(db: Database, spec: CountSpec): Promise<CountedRanking> {
  let sql: string;
  const params: unknown[] = [];
  if (spec.kind === 'all-time' || spec.kind === 'window') {
    const since = spec.kind === 'window' ? `WHERE occurred_at >= now() - interval '${WINDOW_INTERVAL[spec.window]}'` : '';
    sql = `SELECT item_id AS id, count(*)::int AS n FROM interactions ${since} GROUP BY item_id ORDER BY n DESC, item_id`;
  } else {
    params.push(spec.kind === 'recent' ? spec.days : spec.events);
    const events = spec.kind === 'recent'
      // The days before the latest event, as training counts the days before its split time: the same as the days
      // before now for a live catalog, and still meaningful for one imported from the past.
      ? `SELECT item_id, occurred_at > (SELECT max(occurred_at) FROM interactions) - make_interval(days => $1::int) AS counted FROM interactions`
      : `SELECT item_id, row_number() OVER (PARTITION BY user_id ORDER BY occurred_at, id) <= $1::int AS counted FROM interactions`;
    // The spec's count and the all-time count side by side in one pass (FILTER): joining two aggregates instead let
    // the planner loop one over the other, 3 s on the demo catalog.
    sql = `SELECT item_id AS id, count(*) FILTER (WHERE x.counted)::int AS n FROM (${events}) x GROUP BY item_id ORDER BY n DESC, count(*) DESC, item_id`;
  }
  const rows = await db.sql.query<{ id: number; n: number }>(sql, params);
  return { itemIds: Int32Array.from(rows, (row) => Number(row.id)), counts: Int32Array.from(rows, (row) => Number(row.n)) };
}

/** Rows asked about at first; each further look goes four times as deep (a narrow genre far down the ranking). */
const FIRST_LOOK = 200;
const DEEPEST_LOOK = 50_000;

/**
 * What this process knows of an item's servability without asking the database (the served catalog, which follows
 * the database's change notifications): true or false, or undefined for an item it does not hold.
 */
export type ServableJudge = (itemId: number) => boolean | undefined;

/**
 * The ranking's first `first` items that a list may show now (active, not excluded, of a genre asked for), in the
 * ranking's order, a prefix of the ranking at a time: items `judge` knows are judged by it, the others by their
 * rows, read now. So an item archived or edited a moment ago is judged as it is now, whatever the ranking's age.
 */
export async function servableTop(db: Database, ranking: CountedRanking, { first, exclude = [], genres = [] }: ServableOptions, judge?: ServableJudge): Promise<Array<{ itemId: number; count: number }>> {
  const excluded = new Set(exclude);
  const picked: Array<{ itemId: number; count: number }> = [];
  let look = Math.max(FIRST_LOOK, 2 * first);
  for (let from = 0; from < ranking.itemIds.length && picked.length < first; from += look, look = Math.min(4 * look, DEEPEST_LOOK)) {
    const verdicts = new Map<number, boolean | undefined>();
    for (let p = from; p < Math.min(from + look, ranking.itemIds.length); p++) {
      const id = ranking.itemIds[p]!;
      if (!excluded.has(id)) verdicts.set(p, judge?.(id));
    }
    const unknown = [...verdicts].filter(([, verdict]) => verdict === undefined).map(([p]) => ranking.itemIds[p]!);
    if (unknown.length > 0) {
      const servable = await servableAmong(db, unknown, genres);
      for (const [p, verdict] of verdicts) if (verdict === undefined) verdicts.set(p, servable.has(ranking.itemIds[p]!));
    }
    for (const [p, verdict] of verdicts) {
      if (picked.length === first) break;
      if (verdict) picked.push({ itemId: ranking.itemIds[p]!, count: ranking.counts[p]! });
    }
  }
  return picked;
}

/** Which of these items a list may show now, from their rows: active, and of one of the genres (none: any). */
async function servableAmong(db: Database, itemIds: readonly number[], genres: readonly string[]): Promise<Set<number>> {
  const params: unknown[] = [[...itemIds]];
  let ofGenre = '';
  if (genres.length > 0) {
    params.push([...genres]);
    ofGenre = ` AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(i.attributes->'genres') = 'array' THEN i.attributes->'genres' ELSE '[]'::jsonb END) AS g(name) WHERE lower(g.name) = ANY($2::text[]))`;
  }
  const rows = await db.sql.query<{ id: number }>(`SELECT i.id FROM items i WHERE i.id = ANY($1::int[]) AND i.status = 'ACTIVE'${ofGenre}`, params);
  return new Set(rows.map((row) => Number(row.id)));
}
