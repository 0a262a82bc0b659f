import type { Database, SqlExecutor } from '@fewshot/db';
import { endTrialOnActivation, type ModelTrialRecord } from './model-trials.ts';

export interface PromotionResult {
  versionId: number;
  /** The version that was ACTIVE before (now RETIRED), if another one was. */
  previousVersionId: number | null;
  /** The trial that ran until this change (PROMOTED when its candidate was activated, else SUPERSEDED), if one ran. */
  endedTrial?: ModelTrialRecord;
}

/**
 * Makes a version the ACTIVE one (serving follows within its poll interval): the previously active version is
 * RETIRED in the same transaction, so there is never a moment with two (the database also refuses two), and a running
 * trial ends in it too (model-trials.ts). A READY
 * version is promoted, a RETIRED one rolled back to; TRAINING and FAILED versions, and any without an artifact,
 * are refused with the reason.
 */
export function promoteModelVersion(db: Database, versionId: number): Promise<PromotionResult> {
  return lifecycleTransaction(db, (tx) => activateVersion(tx, versionId));
}

/**
 * Any key will do as long as every lifecycle change takes the same one: `pg_advisory_xact_lock` on it queues them.
 * (A transaction-scoped advisory lock is released at commit or rollback, so a killed process never leaves it held.)
 */
const LIFECYCLE_LOCK = 7_305_114_021;

/**
 * One change of which version is ACTIVE (promotion, rollback, a judged promotion): a transaction that first waits for
 * every other such change to finish. Row locks alone do not serialise them: a second promotion blocked on the active
 * row would, once the first commits, find that row RETIRED and no longer see any ACTIVE one (its snapshot predates the
 * new one), and fail on the unique index. After the advisory lock, each statement reads what the previous change
 * committed, so a policy judged here compares against the version that is really active.
 */
export function lifecycleTransaction<T>(db: Database, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  return db.sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [LIFECYCLE_LOCK]);
    return work(tx);
  });
}

/** Inside lifecycleTransaction: activates a READY or RETIRED version and retires the active one (promoteModelVersion). */
export async function activateVersion(tx: SqlExecutor, versionId: number): Promise<PromotionResult> {
  // Row locks on every candidate as well, against writers that do not take the lifecycle lock.
  const rows = await tx.query<{ id: number; status: string; has_artifact: boolean }>(
    `SELECT id, status, artifact_bytes IS NOT NULL AS has_artifact FROM model_versions WHERE id = $1 OR status = 'ACTIVE' ORDER BY id FOR UPDATE`,
    [versionId],
  );
  const target = rows.find((row) => Number(row.id) === versionId);
  if (!target) throw new PromotionError(`model version ${versionId} does not exist`);
  if (target.status === 'ACTIVE') return { versionId, previousVersionId: null };
  if (target.status !== 'READY' && target.status !== 'RETIRED') throw new PromotionError(`model version ${versionId} is ${target.status}: only a READY version can be promoted, or a RETIRED one rolled back to`);
  if (!target.has_artifact) throw new PromotionError(`model version ${versionId} has no trained artifact`);
  const previous = rows.find((row) => row.status === 'ACTIVE');
  if (previous) await tx.query(`UPDATE model_versions SET status = 'RETIRED', retired_at = now() WHERE id = $1`, [previous.id]);
  await tx.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now(), retired_at = NULL WHERE id = $1`, [versionId]);
  // A trial compares its candidate with the version that was active: either the candidate won, or its control is gone.
  const endedTrial = await endTrialOnActivation(tx, versionId);
  return { versionId, previousVersionId: previous ? Number(previous.id) : null, ...(endedTrial ? { endedTrial } : {}) };
}

/** A promotion the caller asked for that cannot be done (unknown version, wrong status): the message says why. */
export class PromotionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionError';
  }
}
