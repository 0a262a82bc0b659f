import type { Database } from '@fewshot/db';
import { activateVersion, lifecycleTransaction, PromotionError, type PromotionResult } from './promote-model-version.ts';

export interface RollbackOptions {
  /** The RETIRED version to re-activate; by default the one that was active before the current one. */
  toVersionId?: number;
}

/**
 * Re-activates a version that was served before, retiring the ACTIVE one in the same transaction (as a promotion
 * does): by default the one that was active just before it (the RETIRED version retired last), or `toVersionId`,
 * which must be RETIRED. Refused with the reason (PromotionError) when there is nothing to roll back to.
 */
export function rollbackModelVersion(db: Database, options: RollbackOptions = {}): Promise<PromotionResult> {
  const { toVersionId } = options;
  return lifecycleTransaction(db, async (tx) => {
    if (toVersionId !== undefined) {
      const [target] = await tx.query<{ status: string }>('SELECT status FROM model_versions WHERE id = $1', [toVersionId]);
      if (!target) throw new PromotionError(`model version ${toVersionId} does not exist`);
      if (target.status === 'ACTIVE') throw new PromotionError(`model version ${toVersionId} is the ACTIVE one already: there is nothing to roll back`);
      if (target.status === 'READY') throw new PromotionError(`model version ${toVersionId} is READY and has never been served: promote it instead of rolling back to it`);
      if (target.status !== 'RETIRED') throw new PromotionError(`model version ${toVersionId} is ${target.status}: only a RETIRED version can be rolled back to`);
      return activateVersion(tx, toVersionId);
    }
    const [active] = await tx.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'ACTIVE'`);
    if (!active) throw new PromotionError('no model version is ACTIVE, so there is no previous one to roll back to: promote a version, or name the RETIRED one to re-activate');
    // NULLS LAST: a version retired before retired_at was recorded counts as older than any that has it.
    const [previous] = await tx.query<{ id: number }>(
      `SELECT id FROM model_versions WHERE status = 'RETIRED' AND artifact_bytes IS NOT NULL ORDER BY retired_at DESC NULLS LAST, id DESC LIMIT 1`,
    );
    if (!previous) throw new PromotionError(`model version ${Number(active.id)} is ACTIVE and no RETIRED version (with an artifact) exists: there is nothing to roll back to`);
    return activateVersion(tx, Number(previous.id));
  });
}
