import type { Database } from '@fewshot/db';
import { AdaptationPool } from '@fewshot/model/mml';
import { inCandidateArm, newItemSlotsText, sharePercent } from '@fewshot/pipeline/lifecycle';
import { readModelArtifact } from '@fewshot/pipeline/train';
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
  /** Worker threads adapting cold users for the active version (0: on the request thread). */
  adaptationThreads: number;
  /** Why the active version in the database is not the one serving (a refused artifact), when it is not. */
  lastError: string | null;
  /** The running trial's candidate as this replica serves it; null when no trial runs (or its version was refused). */
  trial: TrialServingStatus | null;
  /** Why the running trial's version is not serving here (its users get the active version meanwhile), when it is not. */
  trialError: string | null;
}

export interface TrialServingStatus {
  trialId: number;
  /** The share of known users it serves. */
  share: number;
  versionId: number;
  versionName: string;
  loadedAt: Date;
  /** Worker threads adapting its cold users: its share of the active version's (trialAdaptationThreads); a setting's trial has none of its own. */
  adaptationThreads: number;
  /** A trial of a setting: the new-item slots its arm's lists keep, served by the active version (null: a version's trial). */
  newItemSlots: number | null;
  /** A setting's trial's bound on those slots (0: any rank; null: as the replica is set, and for a version's trial). */
  newItemWithin: number | null;
}

/** What a request's trial arm changes in how it is served, beside the model: a setting's trial's slots. */
export interface ServingArm {
  trialId: number;
  /** New-item slots for a request that does not say. */
  newItemSlots: number;
  /** Their bound for a request that does not say: only a new item ranked within the top this-many fills one (0: any rank; null: as the replica is set). */
  newItemWithin: number | null;
}

/** Whom a request is for: a known user's external id draws their arm of a running trial (anonymous: the active version). */
export interface UseOptions {
  subject?: string | null;
}

/** The running trial as the database says: which version serves which share of users (or with which setting). */
interface TrialRecord {
  id: number;
  versionId: number;
  share: number;
  newItemSlots: number | null;
  newItemWithin: number | null;
}

interface Lease {
  model: ServingModel;
  users: number;
  retired: boolean;
}

/**
 * Which model versions this replica serves. It follows the database's ACTIVE version: each poll (and each
 * `refresh()`, e.g. right after a promotion) loads a newly active version completely before swapping it in, so
 * requests never see a half-loaded model; a version that fails to load is refused and the previous one keeps
 * serving. A replaced model is closed only when its last in-flight request has released it. While a trial runs
 * (model_trials), its candidate version is loaded the same way beside the active one and serves the known users
 * whose draw puts them in its arm (`use` with their id); everyone else, anonymous sequences included, gets the
 * active version. A trial of a setting (new-item slots) loads nothing: its arm is the active model with the setting.
 */
export class ModelRegistry {
  private current: Lease | null = null;
  private trial: (TrialRecord & { lease: Lease }) | null = null;
  /** The running trial when it tries a setting, not a version: its users get the active model with the setting. */
  private settingTrial: (TrialRecord & { newItemSlots: number }) | null = null;
  private lastError: string | null = null;
  private trialError: string | null = null;
  private refusedVersion: number | null = null;
  /** The trial whose version this replica could not load (tried once per trial, like a refused active version). */
  private refusedTrial: number | null = null;
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

  /**
   * Runs `use` with the model that serves the subject (null when none), holding it so a swap cannot close it
   * underneath: the running trial's version for a known user in its arm, else the active version; and, for a known
   * user in the arm of a setting's trial, that setting (`arm`; null otherwise).
   */
  async use<T>(use: (model: ServingModel | null, arm: ServingArm | null) => Promise<T>, { subject }: UseOptions = {}): Promise<T> {
    const setting = this.settingTrial;
    if (setting && this.current && subject != null && inCandidateArm(setting.id, subject, setting.share)) {
      const arm = { trialId: setting.id, newItemSlots: setting.newItemSlots, newItemWithin: setting.newItemWithin };
      return this.hold(this.current, (model) => use(model, arm));
    }
    const trial = this.trial;
    const lease = trial && subject != null && inCandidateArm(trial.id, subject, trial.share) ? trial.lease : this.current;
    if (!lease) return use(null, null);
    return this.hold(lease, (model) => use(model, null));
  }

  /**
   * Runs `use` with every model this replica serves (the active version's, then a trial's), each held for the call:
   * what keeps the served catalogs up to date (warmed items, archives) must reach every model users may get. Returns
   * the active model's answer (null when none is loaded) and the trial's.
   */
  async useEach<T>(use: (model: ServingModel) => Promise<T>): Promise<{ active: T | null; trial: T | null }> {
    const current = this.current;
    const trial = this.trial?.lease;
    const active = current ? await this.hold(current, use) : null;
    return { active, trial: trial ? await this.hold(trial, use) : null };
  }

  private async hold<T>(lease: Lease, use: (model: ServingModel) => Promise<T>): Promise<T> {
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
    for (const lease of [this.current, this.trial?.lease]) {
      const adaptations = lease?.model.adaptations;
      if (!adaptations) continue;
      if (userIds === 'all') adaptations.clear();
      else for (const id of userIds) adaptations.invalidate(userAdaptationKey(id));
    }
  }

  status(): ServingStatus {
    const model = this.current?.model;
    return {
      versionId: model?.versionId ?? null,
      versionName: model?.versionName ?? null,
      provider: model?.provider ?? null,
      loadedAt: model?.loadedAt ?? null,
      catalogRows: model ? model.catalog.rows - 1 : 0,
      adaptationThreads: model?.adaptationThreads ?? 0,
      lastError: this.lastError,
      trial: this.trialStatus(),
      trialError: this.trialError,
    };
  }

  private trialStatus(): TrialServingStatus | null {
    const setting = this.settingTrial;
    if (setting && this.current) {
      const { model } = this.current;
      return { trialId: setting.id, share: setting.share, versionId: model.versionId, versionName: model.versionName, loadedAt: model.loadedAt, adaptationThreads: 0, newItemSlots: setting.newItemSlots, newItemWithin: setting.newItemWithin };
    }
    const trial = this.trial;
    if (!trial) return null;
    const { model } = trial.lease;
    return { trialId: trial.id, share: trial.share, versionId: model.versionId, versionName: model.versionName, loadedAt: model.loadedAt, adaptationThreads: model.adaptationThreads, newItemSlots: null, newItemWithin: null };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.queued;
    await this.refreshing;
    for (const lease of [this.current, this.trial?.lease]) {
      if (!lease) continue;
      lease.retired = true;
      if (lease.users === 0) await this.dispose(lease);
    }
    this.current = null;
    this.trial = null;
    this.settingTrial = null;
  }

  private async followDatabase(): Promise<void> {
    if (this.closed) return;
    let active: number | null;
    let trial: TrialRecord | null;
    try {
      // One read for both, so a promotion that ended a trial is never seen half done.
      const [row] = await this.db.sql.query<{ active: number | null; trial_id: number | null; candidate_version_id: number | null; share: number | null; new_item_slots: number | null; new_item_within: number | null }>(
        `SELECT (SELECT id FROM model_versions WHERE status = 'ACTIVE' ORDER BY promoted_at DESC NULLS LAST, id DESC LIMIT 1) AS active,
                t.id AS trial_id, t.candidate_version_id, t.share, t.new_item_slots, t.new_item_within
           FROM (SELECT 1) AS one LEFT JOIN model_trials t ON t.status = 'RUNNING'`,
      );
      active = row?.active == null ? null : Number(row.active);
      trial = row?.trial_id == null ? null : { id: Number(row.trial_id), versionId: Number(row.candidate_version_id), share: Number(row.share), newItemSlots: row.new_item_slots == null ? null : Number(row.new_item_slots), newItemWithin: row.new_item_within == null ? null : Number(row.new_item_within) };
    } catch (error) {
      // The database being briefly away must not stop serving the model already loaded.
      this.log(`could not ask the database for the active model version: ${message(error)}`);
      return;
    }
    await this.followActive(active);
    await this.followTrial(trial);
  }

  private async followActive(active: number | null): Promise<void> {
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
    const trial = this.trial;
    if (trial && trial.lease.model.versionId === active) {
      // The trial's version won: it is loaded already (with its users' adaptations), so it serves everyone at once.
      this.trial = null;
      const previous = this.current;
      this.current = trial.lease;
      if (previous) this.retire(previous);
      this.lastError = null;
      this.refusedVersion = null;
      this.log(`serving model version ${active} (${trial.lease.model.versionName}), the trial's version, to every user`);
      if (trial.lease.model.adaptationThreads < this.options.adaptationThreads) void this.growPool(trial.lease);
      return;
    }
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

  /**
   * Serves the running trial's version beside the active one, loaded completely before its users move to it; without
   * a trial (or when its version cannot be loaded here) the trial's users get the active version.
   */
  private async followTrial(trial: TrialRecord | null): Promise<void> {
    if (this.closed) return;
    if (this.followSettingTrial(trial)) return;
    const serving = this.trial;
    if (!trial) {
      this.trialError = null;
      this.refusedTrial = null;
      if (serving) {
        this.log(`trial ${serving.id} ended: every user is served by the active version`);
        this.retire(serving.lease);
        this.trial = null;
      }
      return;
    }
    if (serving && serving.lease.model.versionId === trial.versionId) {
      // Same version, perhaps another trial of it: only the draw changes.
      this.trial = { ...trial, lease: serving.lease };
      return;
    }
    if (trial.id === this.refusedTrial) return;
    const started = Date.now();
    try {
      // Its share of the adaptation threads: a trial on 10% of users would otherwise double the threads (and the
      // model copies each holds) for a tenth of the cold users.
      const model = await loadServingModel(this.db, trial.versionId, { ...this.options, adaptationThreads: trialAdaptationThreads(this.options.adaptationThreads, trial.share) });
      if (this.closed) {
        await model.close();
        return;
      }
      const previous = this.trial;
      this.trial = { ...trial, lease: { model, users: 0, retired: false } };
      if (previous) this.retire(previous.lease);
      this.trialError = null;
      this.log(`trial ${trial.id}: model version ${trial.versionId} (${model.versionName}) serves ${sharePercent(trial.share)} of users, loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      this.refusedTrial = trial.id;
      const previous = this.trial;
      this.trial = null;
      if (previous) this.retire(previous.lease);
      this.trialError = `trial ${trial.id}'s model version ${trial.versionId} could not be loaded: ${message(error)}`;
      this.log(`${this.trialError}; its users are served by the active version`);
    }
  }

  /**
   * Follows a trial of a setting (true when `trial` is one): nothing to load, its arm is the active model with the
   * setting. A version's trial running before it is retired; a setting's trial that ended is forgotten.
   */
  private followSettingTrial(trial: TrialRecord | null): boolean {
    const previous = this.settingTrial;
    if (trial?.newItemSlots == null) {
      if (previous) {
        this.settingTrial = null;
        if (!trial) this.log(`trial ${previous.id} ended: every user is served as this replica is set`);
      }
      return false;
    }
    if (this.trial) {
      this.retire(this.trial.lease);
      this.trial = null;
    }
    this.trialError = null;
    this.refusedTrial = null;
    this.settingTrial = { ...trial, newItemSlots: trial.newItemSlots };
    if (previous?.id !== trial.id) this.log(`trial ${trial.id}: ${sharePercent(trial.share)} of users get ${newItemSlotsText(trial.newItemSlots, trial.newItemWithin)} in lists of the active version`);
    return true;
  }

  /**
   * A promoted trial's version serves everyone with its trial's share of the adaptation threads: a full pool is started
   * beside it and takes over (the adaptations under way finish on the old one). Until then, and if it fails, it
   * adapts on the threads it had.
   */
  private async growPool(lease: Lease): Promise<void> {
    const { model } = lease;
    const had = model.adaptationThreads;
    const started = Date.now();
    try {
      const pool = await AdaptationPool.start(await readModelArtifact(this.db, model.versionId), this.options.adaptationThreads);
      if (lease.retired || this.closed) {
        await pool.close();
        return;
      }
      // The new pool serves from the call on; the old one is closed after the adaptations it took (awaited last, so
      // the line is logged when the switch happens, not once the old threads have stopped).
      const replaced = model.replacePool(pool);
      this.log(`model version ${model.versionId} adapts cold users on ${pool.threads} threads now (${had} while on trial), started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await replaced;
    } catch (error) {
      this.log(`model version ${model.versionId} keeps adapting cold users on the ${had} thread(s) it had on trial: a full pool did not start (${message(error)})`);
    }
  }

  private retire(lease: Lease): void {
    lease.retired = true;
    if (lease.users === 0) void this.dispose(lease);
  }

  private swap(model: ServingModel | null): void {
    const previous = this.current;
    this.current = model ? { model, users: 0, retired: false } : null;
    if (previous) this.retire(previous);
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

/** Adaptation threads for a trial's version: its share of the active version's, at least one where that has any. */
export function trialAdaptationThreads(threads: number, share: number): number {
  return threads === 0 ? 0 : Math.max(1, Math.round(threads * share));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
