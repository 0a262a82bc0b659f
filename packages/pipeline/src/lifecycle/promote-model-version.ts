import type { Database } from '@fewshot/db';

export interface PromotionResult {
  versionId: number;
  /** The version that was ACTIVE before (now RETIRED), if another one was. */
  previousVersionId: number | null;
}

/**
 * Makes a version the ACTIVE one (serving follows within its poll interval): the previously active version is
 * RETIRED in the same transaction, so there is never a moment with two (the database also refuses two). A READY
 * version is promoted, a RETIRED one rolled back to; TRAINING and FAILED versions, and any without an artifact,
 * are refused with the reason.
 */
export async function promoteModelVersion(db: Database, versionId: number): Promise<PromotionResult> {
  return db.sql.transaction(async (tx) => {
    // Row locks on every candidate: two promotions at once serialise instead of racing.
    const rows = await tx.query<{ id: number; status: string; has_artifact: boolean }>(
      `SELECT id, status, artifact IS NOT NULL AS has_artifact FROM model_versions WHERE id = $1 OR status = 'ACTIVE' ORDER BY id FOR UPDATE`,
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
    return { versionId, previousVersionId: previous ? Number(previous.id) : null };
  });
}

/** A promotion the caller asked for that cannot be done (unknown version, wrong status): the message says why. */
export class PromotionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromotionError';
  }
}
