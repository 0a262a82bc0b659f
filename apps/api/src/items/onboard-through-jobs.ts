import type { Database } from '@fewshot/db';
import type { JobQueues, AnyJob } from '../jobs/job-queues.ts';
import type { FeaturesJobResult, WarmupJobResult } from '../jobs/queues.ts';
import { applyWarmedItems } from '../serving/apply-warmed-items.ts';
import type { Serving } from '../serving/serving-state.ts';
import type { FeatureOutcome } from './item-featurizer.ts';
import type { Recommendability } from './make-recommendable.ts';

export interface Onboarding extends Recommendability {
  /** The `features` job that encodes the item and then queues its warm-up (follow it with `job(id)`). */
  job: AnyJob;
}

/**
 * The new-item flow through the job queues: a `features` job (the item's vectors), which queues a `warmup` job (the
 * generator's embedding, stored for every replica), then this replica loads it. Waits up to `waitMs` so a write
 * usually answers with the item already recommendable; past that it answers at once with the job to follow.
 * The job id names the item and its version (updatedAt), so sending the same write twice queues it once.
 */
export async function onboardThroughJobs(db: Database, serving: Serving | undefined, queues: JobQueues, item: { id: number; status: string; updatedAt: Date }, waitMs: number): Promise<Onboarding> {
  const outcome = await onboard(db, serving, queues, item, waitMs);
  // The job as it is now (its progress, result and log), not as it was queued.
  return { ...outcome, job: (await queues.getJob('features', String(outcome.job.id)).catch(() => undefined)) ?? outcome.job };
}

async function onboard(db: Database, serving: Serving | undefined, queues: JobQueues, item: { id: number; status: string; updatedAt: Date }, waitMs: number): Promise<Onboarding> {
  const started = performance.now();
  const reason = `item ${item.id} written`;
  const job = await queues.addFeatures({ itemIds: [item.id], thenWarmUp: true, reason }, `item-${item.id}-${item.updatedAt.getTime()}`);
  const elapsed = () => Math.round(performance.now() - started);
  const pending = (message: string): Onboarding => ({ job, recommendable: false, message, features: [], milliseconds: elapsed() });
  if (item.status !== 'ACTIVE') {
    // Every replica drops it when the warm-up completes; this one at once.
    if (serving) await applyWarmedItems(db, serving.registry, [item.id]);
    return { ...pending('the item is archived: recommendations never include it (restoreItem brings it back)') };
  }
  if (waitMs <= 0) return pending(`features and warm-up are queued (job features:${job.id}); recommendations include the item once they finish`);
  const deadline = Date.now() + waitMs;
  let features: FeaturesJobResult;
  try {
    features = (await queues.waitForJob('features', job, waitMs)) as FeaturesJobResult;
  } catch (error) {
    return pending(stillRunningOrFailed('features', String(job.id), error));
  }
  const outcomes: FeatureOutcome[] = features.items?.find((entry) => entry.itemId === item.id)?.outcomes ?? [];
  const failures = outcomes.filter((f) => f.status === 'FAILED' || f.status === 'UNAVAILABLE').map((f) => `${f.modality.toLowerCase()} features${f.encoder ? ` (${f.encoder})` : ''} failed: ${f.error}`);
  const warmupJob = features.warmupJobId ? await queues.getJob('warmup', features.warmupJobId) : undefined;
  if (!warmupJob) return { ...pending('the warm-up was not queued'), features: outcomes };
  let warmup: WarmupJobResult;
  try {
    warmup = (await queues.waitForJob('warmup', warmupJob, Math.max(1, deadline - Date.now()))) as WarmupJobResult;
  } catch (error) {
    return { ...pending(stillRunningOrFailed('warmup', String(warmupJob.id), error)), features: outcomes };
  }
  if (warmup.versionId === null) {
    const computed = outcomes.length > 0 && failures.length === 0 ? '; its features are ready for the next training' : '';
    return { job, recommendable: false, message: [`no model version is active: recommendations come from popularity, which needs events on the item${computed}`, ...failures].join('; '), features: outcomes, milliseconds: elapsed() };
  }
  const applied = serving ? await applyWarmedItems(db, serving.registry, [item.id]) : null;
  if (applied?.placed.includes(item.id)) return { job, recommendable: true, message: failures.length > 0 ? failures.join('; ') : null, features: outcomes, milliseconds: elapsed() };
  const why = failures.length > 0 ? failures : ['it has no vector of the encoders the model was trained on'];
  return { job, recommendable: false, message: [`model version ${warmup.versionId} cannot place the item yet`, ...why].join('; '), features: outcomes, milliseconds: elapsed() };
}

function stillRunningOrFailed(queue: string, id: string, error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/timed out|timeout/i.test(text)) return `the ${queue} job ${queue}:${id} is still running; recommendations include the item once it finishes`;
  return `the ${queue} job ${queue}:${id} failed: ${text}`;
}
