import type { Database } from '@fewshot/db';
import { runningModelTrial } from '@fewshot/pipeline/lifecycle';
import { warmUpItems, WarmupModelCache } from '@fewshot/pipeline/warmup';
import type { Job } from 'bullmq';
import { JobProgressReporter } from '../job-progress.ts';
import type { WarmupJobData, WarmupJobResult } from '../queues.ts';

/**
 * The `warmup` job: the item embedding generator for items the active version was not trained on, stored in the
 * database (item_embeddings) where every replica reads them; the write notifies every api replica, which places
 * them in its catalog (serving/serving-state.ts, Serving.changed). Idempotent: an item whose features are unchanged is not computed or written again.
 * While a trial runs, its version is warmed up for as well (its users would otherwise never see the item), after the
 * active one and with its own loaded model (each cache holds one version).
 */
export function warmupProcessor(deps: { db: Database }) {
  const models = new WarmupModelCache(deps.db);
  const trialModels = new WarmupModelCache(deps.db);
  return async (job: Job<WarmupJobData, WarmupJobResult>, signal: AbortSignal): Promise<WarmupJobResult> => {
    const progress = new JobProgressReporter(job);
    const result = await warmUpItems({
      db: deps.db,
      itemIds: job.data.itemIds,
      models,
      signal,
      onProgress: (p) => progress.report({ stage: p.stage, fraction: p.fraction, message: p.message }),
    });
    if (result.versionId === null) progress.log('no model version is active: nothing to place (popularity serves)');
    else progress.log(`version ${result.versionId}: ${result.warmed.length} placed, ${result.unchanged.length} unchanged, ${result.waiting.length} waiting for features`);
    const running = result.versionId === null ? null : await runningModelTrial(deps.db);
    let trial: WarmupJobResult['trial'];
    if (running) {
      const forTrial = await warmUpItems({ db: deps.db, itemIds: job.data.itemIds, versionId: running.candidateVersionId, models: trialModels, signal });
      trial = { versionId: running.candidateVersionId, warmed: forTrial.warmed, unchanged: forTrial.unchanged, waiting: forTrial.waiting };
      progress.log(`trial ${running.id}'s version ${running.candidateVersionId}: ${trial.warmed.length} placed, ${trial.unchanged.length} unchanged, ${trial.waiting.length} waiting for features`);
    }
    progress.report({ stage: 'done', fraction: 1 });
    await progress.flush();
    const itemIds = job.data.itemIds ?? [...result.warmed, ...result.unchanged, ...result.waiting];
    return { versionId: result.versionId, itemIds, warmed: result.warmed, unchanged: result.unchanged, waiting: result.waiting, ...(trial ? { trial } : {}) };
  };
}
