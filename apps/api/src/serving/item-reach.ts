import type { Database } from '@fewshot/db';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import { userAdaptationKey } from './adaptation-cache.ts';
import type { ModelRegistry, ServingArm } from './model-registry.ts';
import { rankOf, rankWithNewItems } from '@fewshot/model/ranking';
import { slotBound, type RecommendationPath, type RecommendSettings } from './recommend.ts';
import type { ServingModel } from './serving-model.ts';

/** Most users one question may rank (each is one model run, and an adaptation for a cold user not kept). */
export const MAX_REACH_USERS = 1000;
/** The list length a user is "reached" within, at most the longest list `recommendations` gives. */
export const MAX_REACH_DEPTH = 100;

/** The rank ranges the answer counts users in: top 10, 11–20, 21–50, 51–100, 101–500, below 500. */
export const REACH_RANK_RANGES: ReadonlyArray<readonly [from: number, to: number | null]> = [[1, 10], [11, 20], [21, 50], [51, 100], [101, 500], [501, null]];

export interface ItemReachRequest {
  /** The item's id in the client's system. */
  itemId: string;
  /** How many of the most recently active users to rank it for (1 to MAX_REACH_USERS). */
  users: number;
  /** A user is reached when their list of this length shows the item (1 to MAX_REACH_DEPTH). */
  depth: number;
  /** How many users to name, best placed first (0 to 100). */
  first: number;
  /**
   * Slots kept for new items in every checked user's list, as `recommendations(newItems)` would keep them (0 to
   * `depth`): what slots would do for the item. Absent: each user's lists as served (their trial arm's setting, else the
   * replica's).
   */
  newItems?: number | null;
}

/** Where the item stands for one user. */
export interface ReachedUser {
  userId: number;
  externalId: string;
  historyLength: number;
  /** How their list is made: the few-shot path for a cold user, the model as trained for a warm one. */
  path: Extract<RecommendationPath, 'warm' | 'few_shot' | 'cold_unadapted'>;
  /** The item's rank among everything their list could show (active items they have not had), by score. */
  rank: number;
  /** Its place in their list of `depth` items, null when it is not in it. */
  position: number | null;
  /** In the list because of a slot kept for items the version was not trained on, not by its rank. */
  inNewItemSlot: boolean;
  /** The version that ranked it (a running trial's for the users in its arm). */
  modelVersionId: number;
}

export interface ItemReach {
  itemId: number;
  depth: number;
  /** Users with any event (what `usersChecked` is a sample of: the most recently active). */
  usersWithHistory: number;
  usersChecked: number;
  /** The item was added after the active version's training (placed by the item embedding generator since). */
  addedAfterTraining: boolean;
  /** The item is new to the active version (added since its training, or without events in it): new-item slots are for it. */
  newToVersion: boolean;
  /** The new-item slots asked for (`newItems`); null: each user's lists as served. */
  newItems: number | null;
  /** Checked users whose list of `depth` shows the item. */
  reached: number;
  /** Of those, the ones it reaches through a new-item slot only. */
  reachedInNewItemSlot: number;
  /** Checked users who already had the item: lists leave out what the user has had. */
  alreadyHad: number;
  /** Checked users the model could not rank it for: their version has not placed it yet, or knows none of their items. */
  notRanked: number;
  /** The median of `rank` over the users it was ranked for; null when there were none. */
  medianRank: number | null;
  /** How many ranked users put it in each of REACH_RANK_RANGES. */
  rankRanges: Array<{ from: number; to: number | null; users: number }>;
  /** Checked and reached users per path (cold users adapted, cold users not yet adapted, warm users). */
  byPath: Array<{ path: ReachedUser['path']; users: number; reached: number }>;
  /** Up to `first` users, best placed first (by their list's position, then by rank). */
  users: ReachedUser[];
  /** The active version; null when none is (popularity serves everyone the same counted list). */
  modelVersion: { id: number; name: string } | null;
  /** Why no user was ranked, in words; null when some were. */
  reason: string | null;
}

interface CheckedUser {
  userId: number;
  externalId: string;
  /** Item database ids, oldest first: the last 200, as recommendations read them. */
  recent: number[];
  seen: Set<number>;
  length: number;
}

/**
 * Whom an item reaches now: for the most recently active users (those who will see the catalog next), where it
 * stands in the list `recommendations` would give each of them (what they have had left out, no filter), ranked by
 * the version that serves them (a running trial's for its arm) with the new-item slots they get (or `newItems`
 * for everyone). The same decisions as `recommend`: cold users (below the cold threshold) are adapted to their events
 * (kept adaptations are reused, new ones kept), and a new item reaches a user through a slot exactly when their list
 * would slot it. One model run per user, one after another, so a question of many users costs the replica's other
 * requests little at a time.
 */
export async function itemReach(db: Database, registry: ModelRegistry, request: ItemReachRequest, settings: RecommendSettings): Promise<ItemReach> {
  const { users: asked, depth, first, newItems } = checkReachRequest(request);
  const [item] = await db.sql.query<{ id: number; status: string }>('SELECT id, status FROM items WHERE external_id = $1', [request.itemId]);
  if (!item) throw new AppError(AppErrorCode.NotFound, `there is no item "${request.itemId}"`, { field: 'itemId' });
  const itemId = Number(item.id);
  const active = registry.status();
  const { addedAfterTraining, newToVersion } = await registry.use(async (model) => {
    const row = model?.catalog.rowOf(itemId);
    return model && row !== undefined ? { addedAfterTraining: model.addedAfterTraining(row), newToVersion: model.isNewToVersion(row) } : { addedAfterTraining: false, newToVersion: false };
  });
  const base: ItemReach = {
    itemId, depth, addedAfterTraining, newToVersion, newItems, usersWithHistory: 0, usersChecked: 0, reached: 0, reachedInNewItemSlot: 0, alreadyHad: 0, notRanked: 0, medianRank: null,
    rankRanges: REACH_RANK_RANGES.map(([from, to]) => ({ from, to, users: 0 })), byPath: [], users: [],
    modelVersion: active.versionId === null ? null : { id: active.versionId, name: active.versionName ?? `version ${active.versionId}` }, reason: null,
  };
  if (item.status !== 'ACTIVE') return { ...base, usersWithHistory: await usersWithHistory(db), reason: 'the item is archived: no list shows it; restore it to reach users again' };
  if (active.versionId === null) return { ...base, usersWithHistory: await usersWithHistory(db), reason: 'no model version is active: every user gets the same counted list, so an item reaches users by its interaction count, not by who they are' };

  const { users: checked, withHistory } = await recentlyActiveUsers(db, asked);
  const placed: ReachedUser[] = [];
  let alreadyHad = 0;
  let notRanked = 0;
  const slots = (arm: ServingArm | null) => newItems ?? arm?.newItemSlots ?? settings.newItemSlots ?? 0;
  for (const user of checked) {
    if (user.seen.has(itemId)) {
      alreadyHad++;
      continue;
    }
    const found = await registry.use((model, arm) => (model ? placeFor(model, user, itemId, depth, { slots: slots(arm), within: newItems == null ? slotBound(null, arm, settings) : settings.newItemWithin }, settings.coldThreshold) : Promise.resolve(null)), { subject: user.externalId });
    if (found) placed.push(found);
    else notRanked++;
  }
  const reached = placed.filter((user) => user.position !== null);
  const paths = (['few_shot', 'cold_unadapted', 'warm'] as const).map((path) => ({ path, users: placed.filter((u) => u.path === path).length, reached: reached.filter((u) => u.path === path).length }));
  const ranks = placed.map((user) => user.rank).sort((a, b) => a - b);
  return {
    ...base,
    usersWithHistory: withHistory,
    usersChecked: checked.length,
    reached: reached.length,
    reachedInNewItemSlot: reached.filter((user) => user.inNewItemSlot).length,
    alreadyHad,
    notRanked,
    medianRank: ranks.length === 0 ? null : ranks[Math.floor((ranks.length - 1) / 2)]!,
    rankRanges: REACH_RANK_RANGES.map(([from, to]) => ({ from, to, users: ranks.filter((rank) => rank >= from && (to === null || rank <= to)).length })),
    byPath: paths.filter((entry) => entry.users > 0),
    users: [...placed].sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.rank - b.rank || a.userId - b.userId).slice(0, first),
    reason: checked.length === 0 ? 'no user has an event yet'
      : placed.length === 0 && notRanked > 0 ? `the serving model version has not placed the item yet (its features are not computed, or failed), or knows none of the checked users' items`
        : null,
  };
}

/** The request's numbers, each within its range. */
export function checkReachRequest({ users, depth, first, newItems = null }: Omit<ItemReachRequest, 'itemId'>): { users: number; depth: number; first: number; newItems: number | null } {
  if (!Number.isInteger(users) || users < 1 || users > MAX_REACH_USERS) throw badInput(`users must be a whole number from 1 to ${MAX_REACH_USERS}, got ${users}`, 'users');
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_REACH_DEPTH) throw badInput(`depth must be a whole number from 1 to ${MAX_REACH_DEPTH}, got ${depth}`, 'depth');
  if (!Number.isInteger(first) || first < 0 || first > 100) throw badInput(`first must be a whole number from 0 to 100, got ${first}`, 'first');
  if (newItems !== null && (!Number.isInteger(newItems) || newItems < 0 || newItems > depth)) throw badInput(`newItems must be a whole number from 0 to depth (${depth}), got ${newItems}`, 'newItems');
  return { users, depth, first, newItems };
}

/**
 * Where the item stands in one user's list, as `recommend` would rank it (its `rank` function: history rows the model
 * knows, the cold threshold, every active item not had, the slots); null when the model cannot rank it for them.
 */
async function placeFor(model: ServingModel, user: CheckedUser, itemId: number, depth: number, { slots, within }: { slots: number; within: number | undefined }, coldThreshold: number): Promise<ReachedUser | null> {
  const target = model.catalog.rowOf(itemId);
  const rows = user.recent.map((id) => model.catalog.rowOf(id)).filter((row): row is number => row !== undefined);
  if (target === undefined || rows.length === 0) return null;
  const cold = user.length < coldThreshold;
  const scored = await model.score(Int32Array.from(rows), { adapt: cold, cacheKey: userAdaptationKey(user.userId) });
  const seenRows = new Set([...user.seen].map((id) => model.catalog.rowOf(id)).filter((row) => row !== undefined));
  const servable = (row: number) => Boolean(model.catalog.entry(row)?.active) && !seenRows.has(row);
  const list = rankWithNewItems(scored.scores, depth, Math.min(slots, depth), servable, (row) => model.isNewToVersion(row), { within });
  const index = list.findIndex((entry) => entry.row === target);
  return {
    userId: user.userId,
    externalId: user.externalId,
    historyLength: user.length,
    path: scored.fewShot ? 'few_shot' : cold ? 'cold_unadapted' : 'warm',
    rank: rankOf(scored.scores, target, servable),
    position: index === -1 ? null : index + 1,
    inNewItemSlot: index !== -1 && list[index]!.newItem,
    modelVersionId: model.versionId,
  };
}

/** Users with any event. */
async function usersWithHistory(db: Database): Promise<number> {
  const [row] = await db.sql.query<{ count: string | number }>('SELECT count(*) AS count FROM user_activity');
  return Number(row?.count ?? 0);
}

/**
 * The `limit` users with the latest events, each with their whole history (one query for the users, one for events),
 * and how many users have any event. Both read user_activity (the first over its index on the latest event time).
 */
async function recentlyActiveUsers(db: Database, limit: number): Promise<{ users: CheckedUser[]; withHistory: number }> {
  const [users, withHistory] = await Promise.all([
    db.sql.query<{ user_id: number; external_id: string }>(
      `SELECT x.user_id, u.external_id FROM user_activity x JOIN users u ON u.id = x.user_id
        ORDER BY x.last_at DESC, x.user_id DESC LIMIT $1`,
      [limit],
    ),
    usersWithHistory(db),
  ]);
  const ids = users.map((row) => Number(row.user_id));
  const events = await db.sql.query<{ user_id: number; item_id: number }>(
    'SELECT user_id, item_id FROM interactions WHERE user_id = ANY($1::int[]) ORDER BY occurred_at DESC, id DESC',
    [ids],
  );
  const byUser = new Map(ids.map((id) => [id, [] as number[]]));
  for (const event of events) byUser.get(Number(event.user_id))!.push(Number(event.item_id));
  return {
    users: users.map((row) => {
      const all = byUser.get(Number(row.user_id))!;
      return { userId: Number(row.user_id), externalId: row.external_id, recent: all.slice(0, 200).reverse(), seen: new Set(all), length: all.length };
    }),
    withHistory,
  };
}
