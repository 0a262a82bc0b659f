import type { Database } from '@fewshot/db';
import { warmUpItems, WarmupModelCache } from '@fewshot/pipeline/warmup';
import type { Job } from 'bullmq';
import { JobProgressReporter } from '../job-progress.ts';
import type { WarmupJobData, WarmupJobResult } from '../queues.ts';

/**
 * The `warmup` job: the item embedding generator for items the active version was not trained on, stored in the
 * database (item_embeddings) where every replica reads them; the write notifies every api replica, which places
 * them in its catalog (serving/serving-state.ts, Serving.changed). Idempotent: an item whose features are unchanged is not computed or written again.
 */
export function warmupProcessor(deps: { db: Database }) {
  const models = new WarmupModelCache(deps.db);
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
    progress.report({ stage: 'done', fraction: 1 });
    await progress.flush();
    const itemIds = job.data.itemIds ?? [...result.warmed, ...result.unchanged, ...result.waiting];
    return { versionId: result.versionId, itemIds, warmed: result.warmed, unchanged: result.unchanged, waiting: result.waiting };
  };
}
