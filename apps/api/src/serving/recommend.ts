import type { Database } from '@fewshot/db';
import { describeFirstItems } from '@fewshot/model/coldstart';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import { itemIdsByExternalId } from '../services/item-ids.ts';
import { checkPageSize } from '../services/pagination.ts';
import type { RecommendationSource } from '../generated/graphql.ts';
import type { ModelRegistry, ServingArm } from './model-registry.ts';
import { userAdaptationKey } from './adaptation-cache.ts';
import { countItems, servableTop, type ServableJudge } from './counted-ranking.ts';
import type { CountedRankings } from './counted-rankings.ts';
import { fewShotReason } from './few-shot-reason.ts';
import type { RecommendationCache } from './recommendation-cache.ts';
import type { ServingModel } from './serving-model.ts';
import { rankWithNewItems } from '@fewshot/model/ranking';

export interface RecommendRequest {
  userId?: string | null;
  recentItemIds?: readonly string[] | null;
  first: number;
  excludeSeen: boolean;
  filter?: { genres?: readonly string[] | null; excludeItemIds?: readonly string[] | null } | null;
  /** At least this many items the version was not trained on, where there are such (@fewshot/model/ranking's rankWithNewItems); absent: the setting. */
  newItems?: number | null;
  /** Slots go only to new items this user's scores rank within the top this-many of all; absent: the setting. */
  newItemsWithin?: number | null;
}

export interface RecommendedItem {
  /** Database id of the item. */
  itemId: number;
  score: number;
  rank: number;
  /** Placed in a slot kept for items new to the version, not by its rank among all items. */
  newItem?: boolean;
  /** New to the version (ServingModel.isNewToVersion: added since its training, or without events in it), slotted or not. */
  newToVersion?: boolean;
  /** Added after the version's training (placed by the item embedding generator since), slotted or not. */
  addedAfterTraining?: boolean;
}

export interface RecommendationResult {
  items: RecommendedItem[];
  /** The fusion's weight per learner (`id`, `text`, `image`); null when popularity served the list. */
  weights: Record<string, number> | null;
  historyLength: number;
  /** The user's database id when the list was asked for a known user; null for an anonymous sequence or nobody. */
  userId: number | null;
  fewShot: boolean;
  /** Why the few-shot path ran or did not (few-shot-reason.ts); null when popularity served. */
  fewShotReason: string | null;
  source: RecommendationSource;
  /** Why popularity served, when it did. */
  reason: string | null;
  modelVersion: { id: number; name: string } | null;
  /** Which path made the list (for metrics): see RecommendationPath. */
  path: RecommendationPath;
  /** The items of the history the model read (its last maxLength, oldest first); model-served lists only (list-reasons.ts). */
  readItemIds?: number[];
}

/**
 * How a list was made: the meta-trained model for a warm user (`warm`), a cold user's adapted modules (`few_shot`),
 * the model unadapted for a cold user with too few known events (`cold_unadapted`), counts for a user without usable
 * history (`no_history`) or while no version is active (`no_model`).
 */
export type RecommendationPath = 'warm' | 'few_shot' | 'cold_unadapted' | 'no_history' | 'no_model';

/** What one `recommend` call did, for whoever measures the service. */
export interface RecommendationObservation {
  path: RecommendationPath;
  /** Answered from a kept list, without reading the database. */
  kept: boolean;
  /** The whole call, in seconds. */
  seconds: number;
  /** Seconds an adaptation started by this call took (a cold user's modules adapted now, not found kept). */
  adaptationSeconds?: number;
}

/** What serves besides the model: kept answers, the request's barrier, counted lists' counts, an observer. */
export interface RecommendOptions {
  /** Model-served lists kept between requests (recommendation-cache.ts). */
  results?: RecommendationCache;
  /** The request's barrier (Serving.requestBarrier), passed before anything kept is read. */
  barrier?: () => Promise<boolean>;
  /** The counts behind counted lists, shared for a few seconds (counted-rankings.ts); absent: counted per request. */
  counted?: CountedRankings;
  observe?: (observation: RecommendationObservation) => void;
}

export interface RecommendSettings {
  /** Users with fewer events than this are cold: they get the few-shot path. */
  coldThreshold: number;
  /** Slots of a model-served list kept for items the version was not trained on, when a request does not say (0: none). */
  newItemSlots?: number;
  /** Only new items ranked within the top this-many fill them, when a request does not say (absent: any). */
  newItemWithin?: number;
}

interface History {
  /** Item database ids, oldest first (at most the last 200 for a known user: more never reaches the model). */
  recent: number[];
  /** Every item the user has interacted with (what `excludeSeen` hides). */
  seen: Set<number>;
  length: number;
  /** Cache key of the adaptation: the user, or for an anonymous visitor the sequence itself. */
  cacheKey?: string;
  /** The user's database id (none for an anonymous sequence): what invalidates a kept answer. */
  userId?: number;
}

/**
 * Recommendations for a user or an anonymous sequence: the active model version (few-shot adaptation for cold
 * users, the meta-trained model for warm ones and the fusion weights as the explanation), else popularity, which
 * says why it served. With `results`, a model-served answer is kept until the user's events, any item, the model
 * version or the served catalog change (recommendation-cache.ts), and a repeated request is answered from it without
 * reading the database (after `barrier`, the request's own where it has one). Counted lists (users without history,
 * everyone while no version is active) are not kept whole: their counts are, for a few seconds (`counted`).
 * A model-served answer passes the barrier even where nothing is kept: the served catalog it ranks with (each item's
 * status and genres, items warmed up elsewhere) follows the same notifications, so an item archived through another
 * replica before the request is never in its answer.
 */
export async function recommend(db: Database, registry: ModelRegistry, request: RecommendRequest, settings: RecommendSettings, { results, barrier, counted, observe }: RecommendOptions = {}): Promise<RecommendationResult> {
  const started = performance.now();
  const first = checkPageSize(request.first);
  checkSubject(request);
  const asked = request.newItems != null ? checkNewItems(request.newItems, first) : null;
  const askedWithin = request.newItemsWithin != null ? checkNewItemsWithin(request.newItemsWithin) : null;
  const genres = normaliseGenres(request.filter?.genres);
  return registry.use(async (model, arm) => {
    // Asked for: as asked (checked against the list's length); else the setting the user's trial arm tries, else
    // the replica's: as many as fit.
    const newItems = asked ?? Math.min(arm?.newItemSlots ?? settings.newItemSlots ?? 0, first);
    const within = slotBound(askedWithin, arm, settings);
    let key: string | undefined;
    if (model && results) {
      const found = await results.lookup(() => resultKey(model, request, first, genres, newItems, within), barrier);
      if (found.result) {
        observe?.({ path: found.result.path, kept: true, seconds: (performance.now() - started) / 1000 });
        return found.result;
      }
      key = found.key;
    } else if (model) {
      await barrier?.();
    }
    const start = results?.begin() ?? 0;
    const history = await resolveHistory(db, request);
    let adaptationSeconds: number | undefined;
    const answer = await rank({ db, model, history, request, first, genres, newItems, within, settings, counted, barrier, adapted: (seconds) => (adaptationSeconds = seconds) });
    if (key !== undefined && answer.source === 'MODEL') results!.set(key, answer, history.userId, start);
    observe?.({ path: answer.path, kept: false, seconds: (performance.now() - started) / 1000, adaptationSeconds });
    return answer;
    // A known user in a running trial's arm is served by its version, or with its setting (model-registry.ts);
    // everyone else by the active one as the replica is set.
  }, { subject: request.userId });
}

/**
 * Which new items may fill a slot: those ranked within the top this-many (undefined: any). As asked, else as the
 * user's trial arm tries, else as the replica is set; 0 asks for no bound, as a limit of 0 means none elsewhere.
 */
export function slotBound(asked: number | null, arm: Pick<ServingArm, 'newItemWithin'> | null, settings: Pick<RecommendSettings, 'newItemWithin'>): number | undefined {
  const bound = asked ?? arm?.newItemWithin ?? null;
  return bound === null ? settings.newItemWithin : bound || undefined;
}

/** What names an answer: the request as validated, and what served it (version, catalog generation). */
function resultKey(model: ServingModel, request: RecommendRequest, first: number, genres: string[], newItems: number, within: number | undefined): string {
  const subject = request.userId ?? null;
  const sequence = request.recentItemIds ?? null;
  return JSON.stringify([model.versionId, model.catalog.generation, subject, sequence, first, request.excludeSeen, [...genres].sort(), request.filter?.excludeItemIds ?? [], newItems, within ?? null]);
}

/** The new-item slots asked for: 0 to the list's length. */
function checkNewItemsWithin(within: number): number {
  if (!Number.isInteger(within) || within < 0) throw badInput(`newItemsWithin must be a whole number ≥ 0 (how near the top of this user's ranking a new item must be to fill a slot; 0: anywhere), got ${within}`, 'newItemsWithin');
  return within;
}

function checkNewItems(newItems: number, first: number): number {
  if (!Number.isInteger(newItems) || newItems < 0 || newItems > first) throw badInput(`newItems must be a whole number from 0 to first (${first}), got ${newItems}`, 'newItems');
  return newItems;
}

/** One request as `rank` needs it: validated (`first`, `genres`), its history read, the model it is served by. */
interface RankingInput extends Pick<RecommendOptions, 'counted' | 'barrier'> {
  db: Database;
  model: ServingModel | null;
  history: History;
  request: RecommendRequest;
  first: number;
  genres: string[];
  /** Slots kept for items the version was not trained on (model-served lists only: counts rank new items last). */
  newItems: number;
  /** Only new items ranked within the top this-many fill those slots (absent: any). */
  within: number | undefined;
  settings: RecommendSettings;
  /** Told how long an adaptation started by this request took. */
  adapted?: (seconds: number) => void;
}

async function rank({ db, model, history, request, first, genres, newItems, within, settings, counted, barrier, adapted }: RankingInput): Promise<RecommendationResult> {
  const excluded = new Set(request.excludeSeen ? history.seen : []);
  for (const id of await itemIds(db, request.filter?.excludeItemIds ?? [], 'filter.excludeItemIds')) excluded.add(id);
  const base = { historyLength: history.length, userId: history.userId ?? null };
  // Without a model, all-time counts; with one, what its training chose for users without history (@fewshot/model
  // coldstart first-items.ts). The counts are shared by every such request for a few seconds (counted-rankings.ts);
  // the items they name are judged as they are now: by the served catalog where this request's barrier says it is
  // up to date with every earlier write (as a model-served list is), else by their rows.
  const counts = async () => {
    const spec = model?.firstItems ?? { kind: 'all-time' as const };
    const options = { first, exclude: [...excluded], genres };
    const judge = model && (await barrier?.()) ? catalogJudge(model, genres) : undefined;
    return counted ? counted.top(spec, options, judge) : servableTop(db, await countItems(db, spec), options, judge);
  };
  const fallback = async (reason: string, path: RecommendationPath): Promise<RecommendationResult> => ({
    ...base,
    items: (await counts()).map((item, i) => ({ itemId: item.itemId, score: item.count, rank: i + 1 })),
    weights: null,
    fewShot: false,
    fewShotReason: null,
    source: 'POPULARITY',
    reason,
    modelVersion: null,
    path,
  });
  if (!model) return fallback('no model version is active yet', 'no_model');
  const rows = history.recent.map((id) => model.catalog.rowOf(id)).filter((row): row is number => row !== undefined);
  if (rows.length === 0) {
    const which = model.firstItems.kind === 'all-time' ? '' : `: the most picked over ${describeFirstItems(model.firstItems)}, as this version's training chose for users without history`;
    return fallback(`${history.length === 0 ? 'no history to personalise from' : 'none of the history\'s items is known to the model yet'}${which}`, 'no_history');
  }
  const cold = history.length < settings.coldThreshold;
  const scored = await model.score(Int32Array.from(rows), { adapt: cold, cacheKey: history.cacheKey });
  if (scored.adaptationSeconds !== undefined) adapted?.(scored.adaptationSeconds);
  const excludedRows = new Set([...excluded].map((id) => model.catalog.rowOf(id)).filter((row) => row !== undefined));
  const servable = (row: number) => {
    const entry = model.catalog.entry(row);
    if (!entry?.active || excludedRows.has(row)) return false;
    return genres.length === 0 || entry.genres.some((g) => genres.includes(g));
  };
  // Items new to the version (added since its training, or without events in it) are what the slots are for.
  const best = rankWithNewItems(scored.scores, first, newItems, servable, (row) => model.isNewToVersion(row), { within });
  return {
    ...base,
    items: best.map(({ row, score, newItem }, i) => ({
      itemId: model.catalog.entry(row)!.dbId, score, rank: i + 1,
      ...(newItem ? { newItem } : {}),
      ...(model.isNewToVersion(row) ? { newToVersion: true } : {}),
      ...(model.addedAfterTraining(row) ? { addedAfterTraining: true } : {}),
    })),
    readItemIds: rows.slice(-model.maxLength).map((row) => model.catalog.entry(row)!.dbId),
    weights: Object.fromEntries(model.learners.map((name, m) => [name, scored.weights[m]!])),
    fewShot: scored.fewShot,
    fewShotReason: fewShotReason({ events: history.length, knownEvents: scored.knownEvents, cold, coldThreshold: settings.coldThreshold, adaptsFrom: model.adaptsFrom, fewShot: scored.fewShot }),
    source: 'MODEL',
    reason: null,
    modelVersion: { id: model.versionId, name: model.versionName },
    path: scored.fewShot ? 'few_shot' : cold ? 'cold_unadapted' : 'warm',
  };
}

/** Whether the served catalog lets a list show an item (active, of a genre asked for); undefined where it lacks it. */
function catalogJudge(model: ServingModel, genres: readonly string[]): ServableJudge {
  return (itemId) => {
    const row = model.catalog.rowOf(itemId);
    const entry = row === undefined ? undefined : model.catalog.entry(row);
    if (!entry) return undefined;
    return entry.active && (genres.length === 0 || entry.genres.some((g) => genres.includes(g)));
  };
}

/** Either a user or an anonymous sequence (checked before any answer is looked up). */
function checkSubject(request: RecommendRequest): void {
  const hasUser = request.userId !== undefined && request.userId !== null;
  const hasItems = request.recentItemIds !== undefined && request.recentItemIds !== null;
  if (hasUser && hasItems) throw badInput('pass either userId or recentItemIds, not both', 'userId');
  if (hasItems && request.recentItemIds!.length > 200) throw badInput(`recentItemIds takes at most 200 items, got ${request.recentItemIds!.length}`, 'recentItemIds');
}

async function resolveHistory(db: Database, request: RecommendRequest): Promise<History> {
  const hasUser = request.userId !== undefined && request.userId !== null;
  const hasItems = request.recentItemIds !== undefined && request.recentItemIds !== null;
  if (hasItems) {
    const recent = await itemIds(db, request.recentItemIds!, 'recentItemIds');
    // Anonymous visitors share adaptations by sequence: the same items in the same order adapt the same way.
    return { recent, seen: new Set(recent), length: recent.length, cacheKey: `sequence:${recent.join(',')}` };
  }
  if (!hasUser) return { recent: [], seen: new Set(), length: 0 };
  const externalId = request.userId!;
  // One query for the user and its history (on the embedded database every query waits its turn on this thread).
  const rows = await db.sql.query<{ user_id: number; item_id: number | null }>(
    `SELECT u.id AS user_id, x.item_id FROM users u LEFT JOIN interactions x ON x.user_id = u.id
      WHERE u.external_id = $1 ORDER BY x.occurred_at DESC, x.id DESC`,
    [externalId],
  );
  if (rows.length === 0) throw new AppError(AppErrorCode.NotFound, `there is no user "${externalId}": record an interaction for it first, or pass recentItemIds for an anonymous visitor`, { field: 'userId' });
  const all = rows.filter((row) => row.item_id !== null).map((row) => Number(row.item_id));
  const userId = Number(rows[0]!.user_id);
  return { recent: all.slice(0, 200).reverse(), seen: new Set(all), length: all.length, cacheKey: userAdaptationKey(userId), userId };
}

/** Database ids of items given by external id, in order; unknown ids are one error naming them. */
async function itemIds(db: Database, externalIds: readonly string[], field: string): Promise<number[]> {
  const ids = await itemIdsByExternalId(db.sql, externalIds, { field, label: field });
  return externalIds.map((id) => ids.get(id)!);
}

function normaliseGenres(genres: readonly string[] | null | undefined): string[] {
  return [...new Set((genres ?? []).map((g) => g.trim().toLowerCase()).filter(Boolean))];
}
