import os from 'node:os';
import type { Database } from '@fewshot/db';
import { parseProviders } from '@fewshot/onnx/session';
import type { Env } from '../env.ts';
import { applyWarmedItems } from './apply-warmed-items.ts';
import { ChangeFeed, type ChangeHandlers, type DataChange } from './change-feed.ts';
import { CountedRankings } from './counted-rankings.ts';
import { ItemRowCache } from './item-row-cache.ts';
import { ModelRegistry } from './model-registry.ts';
import { RecommendationCache, type CacheCounters } from './recommendation-cache.ts';
import type { RecommendSettings } from './recommend.ts';
import { ServedListLog } from './served-list-log.ts';

type ServingEnv = Pick<Env, 'FEWSHOT_EXECUTION_PROVIDERS' | 'FEWSHOT_COLD_THRESHOLD' | 'FEWSHOT_ADAPTATION_CACHE' | 'FEWSHOT_MODEL_POLL_MS'> &
  Partial<Pick<Env, 'FEWSHOT_ADAPTATION_THREADS' | 'FEWSHOT_NEW_ITEM_SLOTS' | 'FEWSHOT_NEW_ITEM_WITHIN' | 'FEWSHOT_RESULT_CACHE' | 'FEWSHOT_ITEM_CACHE' | 'FEWSHOT_SERVED_LIST_SAMPLE' | 'FEWSHOT_SERVED_LIST_DAYS'>>;

/**
 * What serves recommendations in this process: the registry of the active model, the request settings, and what
 * is kept in memory between requests (recommendation lists, item rows). What is kept is valid only while the
 * database's change notifications arrive (`followChanges`): before that, and whenever they may have been missed,
 * every request reads the database.
 */
export class Serving {
  readonly registry: ModelRegistry;
  readonly settings: RecommendSettings;
  readonly results: RecommendationCache;
  readonly itemRows: ItemRowCache;
  readonly counted: CountedRankings;
  /** The lists answered to known users' frontends, recorded for recommendationOutcomes. */
  readonly servedLists: ServedListLog;
  private feed: ChangeFeed | null = null;
  /** Other state kept in memory that the same notifications keep right (the API key cache). */
  private readonly followers: ChangeHandlers[] = [];
  /** Warmed items being placed in the served catalog (one after another); each request's barrier waits for them. */
  private placing: Promise<void> = Promise.resolve();
  /** The itemReach question being answered, which the next waits for (oneReachAtATime). */
  private reaching: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database, env: ServingEnv, private readonly log: (message: string) => void = console.log) {
    const providers = parseProviders(env.FEWSHOT_EXECUTION_PROVIDERS);
    this.registry = new ModelRegistry(db, {
      providers,
      adaptationCacheSize: env.FEWSHOT_ADAPTATION_CACHE,
      // One core stays with the request thread (and onnxruntime); the others adapt cold users.
      adaptationThreads: env.FEWSHOT_ADAPTATION_THREADS ?? Math.max(1, os.availableParallelism() - 1),
      pollMs: env.FEWSHOT_MODEL_POLL_MS,
      log,
      onFallback: (provider, reason) => log(`fewshot api: execution provider ${provider} did not load (${reason}); trying the next one`),
    });
    this.settings = { coldThreshold: env.FEWSHOT_COLD_THRESHOLD, newItemSlots: env.FEWSHOT_NEW_ITEM_SLOTS ?? 0, newItemWithin: env.FEWSHOT_NEW_ITEM_WITHIN };
    const gate = { live: () => this.feed?.live ?? false, sync: () => this.requestBarrier()() };
    this.results = new RecommendationCache(env.FEWSHOT_RESULT_CACHE ?? 0, gate);
    this.itemRows = new ItemRowCache(env.FEWSHOT_ITEM_CACHE ?? 0, gate);
    // The counts behind lists of users without history: one pass over the events per count every few seconds, shared
    // by every such request (each filters it with current item rows, so it needs no notification to stay right).
    this.counted = new CountedRankings(db, { reuse: (env.FEWSHOT_RESULT_CACHE ?? 0) > 0, log });
    this.servedLists = new ServedListLog(db, { sample: env.FEWSHOT_SERVED_LIST_SAMPLE ?? 1, retentionDays: env.FEWSHOT_SERVED_LIST_DAYS ?? 30, log });
  }

  /**
   * Runs `work` (an itemReach question: up to 1,000 users ranked, one model run each) after the questions asked before
   * it have been answered, failed or not: many at once (a page opened by several people, aliases in one request) queue
   * instead of taking both cores from the recommendations this replica serves.
   */
  oneReachAtATime<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.reaching.then(work);
    this.reaching = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Starts following the database's change notifications: they make the caches usable and bring another replica's
   * promotion at once (with both caches off too). A database that cannot be listened to leaves the caches off and
   * promotions to the poll (logged): correct, only slower.
   */
  async followChanges(db: Database): Promise<void> {
    if (this.feed) return;
    try {
      this.feed = await ChangeFeed.follow(db, { change: (change) => this.changed(change), reset: () => this.reset() }, this.log);
    } catch (error) {
      this.log(`fewshot api: cannot follow the database's change notifications (${error instanceof Error ? error.message : String(error)}); recommendations and items are read afresh on every request`);
    }
  }

  /**
   * Forgets what a change makes stale. The database notifies every replica of every write; a write made through
   * this process also calls this directly, so its own next request reflects it even before PostgreSQL's
   * notification arrives.
   */
  changed(change: DataChange): void {
    for (const follower of this.followers) follower.change(change);
    if (change.table === 'api_keys') return;
    if (change.table === 'item_embeddings') return this.placeInCatalog(change.ids === 'all' ? 'every warmed item' : change.ids);
    if (change.table === 'model_versions') {
      // Another version is active, or a trial started or ended: load it now rather than at the next poll (lists are
      // keyed by version).
      void this.registry.refresh();
      return;
    }
    if (change.table === 'items') {
      // Any item change can change any list (a new or archived item, changed genres for a filter).
      this.results.clear();
      if (change.ids === 'all') this.itemRows.clear();
      else this.itemRows.invalidate(change.ids);
      // The served catalog holds each item's status and genres, which ranking filters on: refresh them here. An
      // archive or a genre edit made through another replica changes no features, so its warm-up writes no
      // embedding and this notification is the only news of it this replica gets.
      this.placeInCatalog(change.ids === 'all' ? 'every item' : change.ids);
      return;
    }
    // Users' events or records: their kept lists go, and their adapted modules (stale already after a new event, and
    // after a deletion what remains of the person here).
    this.registry.forgetAdaptations(change.ids);
    if (change.ids === 'all') this.results.clear();
    else this.results.invalidateUsers(change.ids);
  }

  /**
   * One request's barrier (see ChangeFeed.sync): the first call passes it, later calls in the same request reuse
   * that answer, so a list read from memory and its item rows cost one round trip on PostgreSQL, not two. Both reads
   * then reflect every write committed before the request's first one.
   */
  requestBarrier(): () => Promise<boolean> {
    let passed: Promise<boolean> | undefined;
    const synced = async () => {
      const ok = this.feed ? await this.feed.sync() : false;
      // Warm-ups the barrier brought in are placed before the request reads the catalog.
      await this.placing;
      return ok;
    };
    return () => (passed ??= synced());
  }

  /**
   * Brings items up to date in the served catalog, one batch after another: those whose warm-up embeddings were just
   * written (by a job worker, another replica, the CLI) are placed, those placed already have their status and genres
   * refreshed (idempotent). `every warmed item`: all the served version has embeddings for; `every item`: the whole
   * items table (after a change too large to name).
   */
  private placeInCatalog(ids: readonly number[] | 'every warmed item' | 'every item'): void {
    this.placing = this.placing
      .then(async () => {
        const itemIds = typeof ids === 'string' ? await this.itemIds(ids) : ids;
        if (itemIds.length > 0) await applyWarmedItems(this.db, this.registry, itemIds);
      })
      .catch((error: unknown) => this.log(`fewshot api: could not bring items up to date in the served catalog (${error instanceof Error ? error.message : String(error)}); the next version load does`));
  }

  private async itemIds(which: 'every warmed item' | 'every item'): Promise<number[]> {
    if (which === 'every item') return (await this.db.sql.query<{ id: number }>('SELECT id FROM items')).map((row) => Number(row.id));
    // The active version's warmed items, and a running trial's version's.
    const status = this.registry.status();
    const versionIds = [status.versionId, status.trial?.versionId].filter((id): id is number => id != null);
    if (versionIds.length === 0) return [];
    const rows = await this.db.sql.query<{ item_id: number }>('SELECT DISTINCT item_id FROM item_embeddings WHERE model_version_id = ANY($1::int[])', [versionIds]);
    return rows.map((row) => Number(row.item_id));
  }

  /**
   * The kept lists' counters, and whether change notifications arrive (without them nothing is kept); `countedLists`:
   * the counts behind lists of users without history (hits: requests answered from kept counts, misses: counts made,
   * entries: counts kept).
   */
  cacheStatus(): CacheCounters & { live: boolean; countedLists: { hits: number; misses: number; entries: number } } {
    return { live: this.feed?.live ?? false, ...this.results.stats(), countedLists: { hits: this.counted.hits, misses: this.counted.misses, entries: this.counted.size } };
  }

  /**
   * Notifications may have been missed: forget everything kept, check which version is active, bring every item up
   * to date in the served catalog.
   */
  reset(): void {
    this.results.clear();
    this.itemRows.clear();
    for (const follower of this.followers) follower.reset();
    void this.registry.refresh();
    if (this.feed) this.placeInCatalog('every item');
  }

  /**
   * Lets other state kept in memory follow the same notifications (each change, and a reset whenever some may have
   * been missed); it then passes each request's barrier (`requestBarrier`) before trusting what it keeps.
   */
  follow(handlers: ChangeHandlers): void {
    this.followers.push(handlers);
  }

  async close(): Promise<void> {
    await this.servedLists.close();
    const feed = this.feed;
    this.feed = null;
    this.reset();
    await feed?.close();
    await this.placing;
    await this.registry.close();
  }
}

/** The serving state from configuration; `registry.start()` loads the active version, `followChanges` the caches. */
export function createServing(db: Database, env: ServingEnv, log?: (message: string) => void): Serving {
  return new Serving(db, env, log);
}
