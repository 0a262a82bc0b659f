import type { Database } from '@fewshot/db';
import { userAdaptationKey } from './adaptation-cache.ts';
import { loadServingModel, type LoadServingModelOptions } from './load-serving-model.ts';
import type { ServingModel } from './serving-model.ts';

export interface ModelRegistryOptions extends LoadServingModelOptions {
  /** How often the database is asked which version is active (every replica converges within this). */
  pollMs: number;
  log?: (message: string) => void;
}

/** What health and the API report about serving. */
export interface ServingStatus {
  /** The version serving now; null: popularity until a version is active. */
  versionId: number | null;
  versionName: string | null;
  /** The execution provider that runs the graph. */
  provider: string | null;
  loadedAt: Date | null;
  catalogRows: number;
  /** Why the active version in the database is not the one serving (a refused artifact), when it is not. */
  lastError: string | null;
}

interface Lease {
  model: ServingModel;
  users: number;
  retired: boolean;
}

/**
 * Which model version this replica serves. It follows the database's ACTIVE version: each poll (and each
 * `refresh()`, e.g. right after a promotion) loads a newly active version completely before swapping it in, so
 * requests never see a half-loaded model; a version that fails to load is refused and the previous one keeps
 * serving. A replaced model is closed only when its last in-flight request has released it.
 */
export class ModelRegistry {
  private current: Lease | null = null;
  private lastError: string | null = null;
  private refusedVersion: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly db: Database, private readonly options: ModelRegistryOptions) {}

  /** Loads the active version (if any) and starts polling. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs);
    this.timer.unref();
  }

  /** Runs `use` with the serving model (null when none), holding it so a swap cannot close it underneath. */
  async use<T>(use: (model: ServingModel | null) => Promise<T>): Promise<T> {
    const lease = this.current;
    if (!lease) return use(null);
    lease.users++;
    try {
      return await use(lease.model);
    } finally {
      lease.users--;
      if (lease.retired && lease.users === 0) void this.dispose(lease);
    }
  }

  /**
   * Follows the database now: loads and swaps in a newly active version, or drops the model when none is active.
   * A call during a check in progress waits for one more check after it (that one may have read the database
   * before a promotion the caller just made); calls meanwhile share that next check.
   */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.followDatabase().finally(() => {
        this.refreshing = null;
      });
      return this.refreshing;
    }
    this.queued ??= this.refreshing.then(() => {
      this.queued = null;
      return this.refresh();
    });
    return this.queued;
  }

  /**
   * Drops users' adapted modules from the serving model (their events changed, or they were deleted); `all`: every
   * one. A version not yet swapped in starts with none.
   */
  forgetAdaptations(userIds: readonly number[] | 'all'): void {
    const adaptations = this.current?.model.adaptations;
    if (!adaptations) return;
    if (userIds === 'all') adaptations.clear();
    else for (const id of userIds) adaptations.invalidate(userAdaptationKey(id));
  }

  status(): ServingStatus {
    const model = this.current?.model;
    return {
      versionId: model?.versionId ?? null,
      versionName: model?.versionName ?? null,
      provider: model?.provider ?? null,
      loadedAt: model?.loadedAt ?? null,
      catalogRows: model ? model.catalog.rows - 1 : 0,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.queued;
    await this.refreshing;
    const lease = this.current;
    this.current = null;
    if (lease) {
      lease.retired = true;
      if (lease.users === 0) await this.dispose(lease);
    }
  }

  private async followDatabase(): Promise<void> {
    if (this.closed) return;
    let active: number | null;
    try {
      const [row] = await this.db.sql.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'ACTIVE' ORDER BY promoted_at DESC NULLS LAST, id DESC LIMIT 1`);
      active = row ? Number(row.id) : null;
    } catch (error) {
      // The database being briefly away must not stop serving the model already loaded.
      this.log(`could not ask the database for the active model version: ${message(error)}`);
      return;
    }
    if (active === (this.current?.model.versionId ?? null)) {
      if (active !== null) this.lastError = null;
      return;
    }
    if (active === null) {
      this.log('no model version is active any more: serving popularity');
      this.swap(null);
      return;
    }
    if (active === this.refusedVersion) return; // refused already; promoting another version (or fixing it) moves on
    const started = Date.now();
    try {
      const model = await loadServingModel(this.db, active, this.options);
      if (this.closed) {
        await model.close();
        return;
      }
      this.swap(model);
      this.lastError = null;
      this.refusedVersion = null;
      this.log(`serving model version ${active} (${model.versionName}) on ${model.provider}, ${model.catalog.rows - 1} items, loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      this.refusedVersion = active;
      const serving = this.current ? `version ${this.current.model.versionId} keeps serving` : 'serving popularity';
      this.lastError = `model version ${active} could not be loaded: ${message(error)}`;
      this.log(`${this.lastError}; ${serving}`);
    }
  }

  private swap(model: ServingModel | null): void {
    const previous = this.current;
    this.current = model ? { model, users: 0, retired: false } : null;
    if (previous) {
      previous.retired = true;
      if (previous.users === 0) void this.dispose(previous);
    }
  }

  private async dispose(lease: Lease): Promise<void> {
    try {
      await lease.model.close();
    } catch (error) {
      this.log(`closing model version ${lease.model.versionId} failed: ${message(error)}`);
    }
  }

  private log(text: string): void {
    (this.options.log ?? console.log)(`fewshot api: ${text}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
