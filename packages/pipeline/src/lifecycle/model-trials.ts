import { createHash } from 'node:crypto';
import type { Database, SqlExecutor } from '@fewshot/db';
import { activateVersion, lifecycleTransaction, PromotionError, type PromotionResult } from './promote-model-version.ts';

/** How a trial ended, or that it runs (the database's model_trial_status). */
export type ModelTrialStatus = 'RUNNING' | 'STOPPED' | 'PROMOTED' | 'SUPERSEDED';

export interface ModelTrialRecord {
  id: number;
  /** The version on trial: it serves `share` of known users. */
  candidateVersionId: number;
  /** The version that was ACTIVE when the trial started: it serves everyone else. */
  controlVersionId: number;
  share: number;
  /** The users (both arms) the trial means to reach: its results' interval is tightest there. */
  plannedUsers: number;
  /** Its guardrails (apps/api's trial guard): stop by itself once the candidate is clearly worse, promote it once clearly better. */
  stopIfWorse: boolean;
  promoteIfBetter: boolean;
  status: ModelTrialStatus;
  startedAt: Date;
  endedAt: Date | null;
  /** Why it ended, when its guardrails ended it; null when a person did, or while it runs. */
  endReason: string | null;
  /**
   * A trial of a setting, not of a version: the new-item slots the candidate's arm keeps (when a request does not say),
   * its candidate then the active version itself. Null: a trial of another version.
   */
  newItemSlots: number | null;
  /**
   * A setting's trial's bound on its slots: only a new item the user's scores rank within the top this-many fills one
   * (0: at any rank). Null: as each replica is set (FEWSHOT_NEW_ITEM_WITHIN), and always for a version's trial.
   */
  newItemWithin: number | null;
}

/** The smallest and largest share a trial may give its candidate: a trial of 0 or 1 is no trial. */
export const MIN_TRIAL_SHARE = 0.01;
export const MAX_TRIAL_SHARE = 0.99;

/**
 * The users a trial plans to reach when nobody says: where its always-valid interval is tightest. Fewer than 20 users
 * give no usable interval; the upper bound only keeps the number sane. The database holds the same default and bounds.
 */
export const DEFAULT_PLANNED_USERS = 1000;
export const MIN_PLANNED_USERS = 20;
export const MAX_PLANNED_USERS = 10_000_000;

/** The most new-item slots a trial of the setting may try: a list is at most 100 items (the api's page size). */
export const MAX_TRIAL_NEW_ITEM_SLOTS = 100;

/** The largest rank bound a setting's trial may give its slots: any rank a catalog's ids can reach (0 is "any rank"). */
export const MAX_TRIAL_NEW_ITEM_WITHIN = 2 ** 31 - 1;

export interface StartModelTrialOptions {
  /** The READY (or RETIRED) version to try beside the active one. */
  candidateVersionId: number;
  /** The share of known users it serves, from MIN_TRIAL_SHARE to MAX_TRIAL_SHARE. */
  share: number;
  /**
   * The users (both arms) the trial means to reach, MIN_PLANNED_USERS to MAX_PLANNED_USERS (default
   * DEFAULT_PLANNED_USERS). Its interval can be read at any time; it is tightest there. It is fixed when the trial
   * starts, because tuning it to the data seen would break the interval's guarantee.
   */
  plannedUsers?: number;
  /** Stop by itself once the candidate's lists are clearly followed less often (default true): a bad version harms its users no longer than it must. */
  stopIfWorse?: boolean;
  /** Promote the candidate by itself once its lists are clearly followed more often (default false: a person decides). */
  promoteIfBetter?: boolean;
  /**
   * Try a serving setting instead of a version: the new-item slots (0 to MAX_TRIAL_NEW_ITEM_SLOTS) the candidate's
   * arm keeps in its lists when a request does not say. The candidate is then the ACTIVE version itself, and the
   * control its users served as every replica is set (FEWSHOT_NEW_ITEM_SLOTS). Such a trial cannot promote itself:
   * a setting is adopted by setting it on the replicas.
   */
  newItemSlots?: number;
  /**
   * With `newItemSlots`: only a new item the user's scores rank within the top this-many fills the arm's slots (0: at
   * any rank). Left out, the arm's slots follow each replica's bound (FEWSHOT_NEW_ITEM_WITHIN), as the control's do.
   */
  newItemWithin?: number;
}

/**
 * Starts an online trial: the candidate serves `share` of known users (trialArm) beside the ACTIVE version, which
 * stays the control for everyone else; every api replica follows within seconds (the insert notifies them). With
 * `newItemSlots` it is a trial of that setting instead: the candidate is the ACTIVE version, serving its arm's lists
 * with those slots. Refused with the reason (PromotionError) when there is no active version to compare with, when
 * the candidate cannot serve (TRAINING, FAILED, no artifact, or the active one itself without a setting), or while
 * another trial runs (stop it first: one trial at a time keeps both arms' users drawn from the same population).
 */
export async function startModelTrial(
  db: Database,
  { candidateVersionId, share, plannedUsers = DEFAULT_PLANNED_USERS, stopIfWorse = true, promoteIfBetter = false, newItemSlots, newItemWithin }: StartModelTrialOptions,
): Promise<ModelTrialRecord> {
  checkShare(share);
  checkPlannedUsers(plannedUsers);
  const tryingSetting = newItemSlots !== undefined;
  if (tryingSetting) checkNewItemSlots(newItemSlots, promoteIfBetter);
  if (newItemWithin !== undefined) checkNewItemWithin(newItemWithin, tryingSetting);
  return lifecycleTransaction(db, async (tx) => {
    const running = await runningTrialIn(tx);
    if (running) throw new PromotionError(`trial ${running.id} (version ${running.candidateVersionId} on ${sharePercent(running.share)} of users) is running: stop it before starting another`);
    const rows = await tx.query<{ id: number; status: string; has_artifact: boolean }>(
      `SELECT id, status, artifact_bytes IS NOT NULL AS has_artifact FROM model_versions WHERE id = $1 OR status = 'ACTIVE' ORDER BY id FOR UPDATE`,
      [candidateVersionId],
    );
    const candidate = rows.find((row) => Number(row.id) === candidateVersionId);
    if (!candidate) throw new PromotionError(`model version ${candidateVersionId} does not exist`);
    if (tryingSetting) {
      if (candidate.status !== 'ACTIVE') throw new PromotionError(`model version ${candidateVersionId} is ${candidate.status}: a trial of new-item slots tries them on the ACTIVE version (leave newItemSlots out to try this version)`);
    } else if (candidate.status === 'ACTIVE') {
      throw new PromotionError(`model version ${candidateVersionId} is the ACTIVE one: a trial tries another version beside it, or a setting on it (newItemSlots)`);
    }
    if (candidate.status !== 'ACTIVE' && candidate.status !== 'READY' && candidate.status !== 'RETIRED') throw new PromotionError(`model version ${candidateVersionId} is ${candidate.status}: only a READY or RETIRED version can be tried`);
    if (!candidate.has_artifact) throw new PromotionError(`model version ${candidateVersionId} has no trained artifact`);
    const active = rows.find((row) => row.status === 'ACTIVE');
    if (!active) throw new PromotionError('no model version is ACTIVE: a trial compares a version with the active one, so promote a version first');
    const [row] = await tx.query<TrialRow>(
      `INSERT INTO model_trials (candidate_version_id, control_version_id, share, planned_users, stop_if_worse, promote_if_better, new_item_slots, new_item_within)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TRIAL_COLUMNS}`,
      [candidateVersionId, Number(active.id), share, plannedUsers, stopIfWorse, promoteIfBetter, newItemSlots ?? null, newItemWithin ?? null],
    );
    return trialOf(row!);
  });
}

/**
 * Stops the running trial (or trial `trialId`, which must be the running one): every user is served by the active
 * version again. Refused with the reason when no trial runs or the one named has ended already.
 */
export function stopModelTrial(db: Database, trialId?: number): Promise<ModelTrialRecord> {
  return lifecycleTransaction(db, async (tx) => {
    if (trialId !== undefined) {
      const [row] = await tx.query<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM model_trials WHERE id = $1`, [trialId]);
      if (!row) throw new PromotionError(`trial ${trialId} does not exist`);
      if (row.status !== 'RUNNING') throw new PromotionError(`trial ${trialId} has ended already (${String(row.status)} at ${new Date(row.ended_at!).toISOString()})`);
    }
    const ended = await endRunningTrial(tx, 'STOPPED');
    if (!ended) throw new PromotionError('no trial is running');
    return ended;
  });
}

/** What a trial's guardrail does once its answer is clear (settleModelTrial). */
export type TrialSettlement = 'stop' | 'promote';

/**
 * A trial's guardrail acting: stops trial `trialId` (STOPPED), or promotes its candidate (which ends it PROMOTED), and
 * records `reason` on it. Null when that trial no longer runs: a person, or another replica's guard, ended it first,
 * and nothing is done twice (the lifecycle lock orders them). A promotion refused (the candidate was deleted meanwhile)
 * throws as promoteModelVersion does.
 */
export function settleModelTrial(db: Database, { trialId, action, reason }: { trialId: number; action: TrialSettlement; reason: string }): Promise<{ trial: ModelTrialRecord; promotion?: PromotionResult } | null> {
  return lifecycleTransaction(db, async (tx) => {
    const running = await runningTrialIn(tx);
    if (!running || running.id !== trialId) return null;
    const text = reason.slice(0, 1000);
    if (action === 'stop') {
      const trial = await endRunningTrial(tx, 'STOPPED', text);
      return trial ? { trial } : null;
    }
    const promotion = await activateVersion(tx, running.candidateVersionId);
    const [row] = await tx.query<TrialRow>(`UPDATE model_trials SET end_reason = $2 WHERE id = $1 RETURNING ${TRIAL_COLUMNS}`, [trialId, text]);
    return { trial: trialOf(row!), promotion: { ...promotion, endedTrial: trialOf(row!) } };
  });
}

/**
 * Inside lifecycleTransaction, when the ACTIVE version changes to `activatedVersionId`: the running trial ends,
 * PROMOTED when its candidate is the version activated, else SUPERSEDED (its control is no longer served).
 */
export async function endTrialOnActivation(tx: SqlExecutor, activatedVersionId: number): Promise<ModelTrialRecord | null> {
  const running = await runningTrialIn(tx);
  if (!running) return null;
  return endRunningTrial(tx, running.candidateVersionId === activatedVersionId ? 'PROMOTED' : 'SUPERSEDED');
}

/** The running trial, if one runs. */
export async function runningModelTrial(db: Database): Promise<ModelTrialRecord | null> {
  return runningTrialIn(db.sql);
}

/** One trial by id, or null. */
export async function findModelTrial(db: Database, trialId: number): Promise<ModelTrialRecord | null> {
  const [row] = await db.sql.query<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM model_trials WHERE id = $1`, [trialId]);
  return row ? trialOf(row) : null;
}

/**
 * Whether a known user is in a trial's candidate arm: the first 32 bits of sha256(trial id, user's external id),
 * read as a fraction of 2³², fall below the share. Every replica and every request draw the same arm for the
 * same user without storing anything, each trial draws afresh (a user who was in one trial's candidate arm is no
 * likelier to be in the next one's), and a trial whose share changed would keep the users it already had.
 */
export function inCandidateArm(trialId: number, userExternalId: string, share: number): boolean {
  return trialDraw(trialId, userExternalId) < share;
}

/** The user's draw in [0, 1) for a trial (inCandidateArm). */
export function trialDraw(trialId: number, userExternalId: string): number {
  const digest = createHash('sha256').update(`trial:${trialId}\u0000${userExternalId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function checkShare(share: number): void {
  if (!(Number.isFinite(share) && share >= MIN_TRIAL_SHARE && share <= MAX_TRIAL_SHARE)) {
    throw new PromotionError(`share must be from ${MIN_TRIAL_SHARE} to ${MAX_TRIAL_SHARE} (the fraction of users the trial's version serves), got ${share}`);
  }
}

function checkNewItemSlots(newItemSlots: number, promoteIfBetter: boolean): void {
  if (!(Number.isInteger(newItemSlots) && newItemSlots >= 0 && newItemSlots <= MAX_TRIAL_NEW_ITEM_SLOTS)) {
    throw new PromotionError(`new-item slots must be a whole number from 0 to ${MAX_TRIAL_NEW_ITEM_SLOTS} (the slots the trial's lists keep for items added after training), got ${newItemSlots}`);
  }
  if (promoteIfBetter) throw new PromotionError('new-item slots: a trial of a setting cannot promote itself (a setting is adopted by setting FEWSHOT_NEW_ITEM_SLOTS on the api replicas); leave promoteIfBetter off');
}

function checkNewItemWithin(newItemWithin: number, tryingSetting: boolean): void {
  if (!tryingSetting) throw new PromotionError('new-item within: a rank bound is tried with the new-item slots it bounds; give newItemSlots too (a version\'s trial serves its slots as the replicas are set)');
  if (!(Number.isInteger(newItemWithin) && newItemWithin >= 0 && newItemWithin <= MAX_TRIAL_NEW_ITEM_WITHIN)) {
    throw new PromotionError(`new-item within must be a whole number ≥ 0 (only a new item the user's scores rank within the top this-many fills a slot; 0: any rank), got ${newItemWithin}`);
  }
}

function checkPlannedUsers(plannedUsers: number): void {
  if (!(Number.isInteger(plannedUsers) && plannedUsers >= MIN_PLANNED_USERS && plannedUsers <= MAX_PLANNED_USERS)) {
    throw new PromotionError(`planned users must be a whole number from ${MIN_PLANNED_USERS} to ${MAX_PLANNED_USERS.toLocaleString('en-US')} (the users, both arms together, the trial means to reach), got ${plannedUsers}`);
  }
}

const TRIAL_COLUMNS = 'id, candidate_version_id, control_version_id, share, planned_users, stop_if_worse, promote_if_better, status, started_at, ended_at, end_reason, new_item_slots, new_item_within';

interface TrialRow {
  id: number;
  candidate_version_id: number;
  control_version_id: number;
  share: number;
  planned_users: number;
  stop_if_worse: boolean;
  promote_if_better: boolean;
  status: ModelTrialStatus;
  started_at: Date | string;
  ended_at: Date | string | null;
  end_reason: string | null;
  new_item_slots: number | null;
  new_item_within: number | null;
}

function trialOf(row: TrialRow): ModelTrialRecord {
  return {
    id: Number(row.id),
    candidateVersionId: Number(row.candidate_version_id),
    controlVersionId: Number(row.control_version_id),
    share: Number(row.share),
    plannedUsers: Number(row.planned_users),
    stopIfWorse: Boolean(row.stop_if_worse),
    promoteIfBetter: Boolean(row.promote_if_better),
    status: row.status,
    startedAt: new Date(row.started_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    endReason: row.end_reason ?? null,
    newItemSlots: row.new_item_slots === null || row.new_item_slots === undefined ? null : Number(row.new_item_slots),
    newItemWithin: row.new_item_within === null || row.new_item_within === undefined ? null : Number(row.new_item_within),
  };
}

/** The running trial as `sql` (a transaction, or the database) sees it. */
export async function runningTrialIn(sql: Pick<SqlExecutor, 'query'>): Promise<ModelTrialRecord | null> {
  const [row] = await sql.query<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM model_trials WHERE status = 'RUNNING'`);
  return row ? trialOf(row) : null;
}

async function endRunningTrial(tx: SqlExecutor, status: Exclude<ModelTrialStatus, 'RUNNING'>, reason: string | null = null): Promise<ModelTrialRecord | null> {
  const [row] = await tx.query<TrialRow>(`UPDATE model_trials SET status = $1, ended_at = now(), end_reason = $2 WHERE status = 'RUNNING' RETURNING ${TRIAL_COLUMNS}`, [status, reason]);
  return row ? trialOf(row) : null;
}

/** A trial's share as people read it: 0.1 → "10%", 0.125 → "12.5%". */
export function sharePercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * A setting's trial's new-item slots as people read them: 1 → "1 new-item slot", 2 → "2 new-item slots"; with its
 * bound, 1 within 50 → "1 new-item slot (within the top 50)", within 0 → "1 new-item slot (at any rank)". A bound left
 * to the replicas (null or undefined) is not named: the control's lists have the same.
 */
export function newItemSlotsText(slots: number, within?: number | null): string {
  const text = `${slots} new-item slot${slots === 1 ? '' : 's'}`;
  if (within === null || within === undefined || slots === 0) return text;
  return `${text} (${within === 0 ? 'at any rank' : `within the top ${within.toLocaleString('en-US')}`})`;
}
