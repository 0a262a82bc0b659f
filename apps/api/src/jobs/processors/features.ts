import type { Database } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';
import { DEFAULT_ENCODER_SPECS, type EncoderSpec } from '@fewshot/features/encoder-spec';
import { computeFeatures } from '@fewshot/pipeline/features';
import { UnrecoverableError, type Job } from 'bullmq';
import { featurizeForEach, specFor, type ItemFeaturizer } from '../../items/item-featurizer.ts';
import { servedEncoderRecords } from '../active-encoders.ts';
import type { JobQueues } from '../job-queues.ts';
import { JobProgressReporter } from '../job-progress.ts';
import type { FeaturesJobData, FeaturesJobResult } from '../queues.ts';

/** Up to this many items go through the warm per-item featurizer; more through the batch flow, one worker per core. */
const ITEM_AT_A_TIME = 20;

export interface FeaturesDeps {
  db: Database;
  featurizer: ItemFeaturizer;
  queues: JobQueues;
}

/**
 * The `features` job: the items' vectors with the encoders the active model version was trained on (the defaults
 * before any is active), and a running trial's version's where they differ, only what is missing or stale, so a
 * retry recomputes nothing that was stored. With `thenWarmUp`, a warm-up of the same items is queued when they are
 * stored (the new-item flow).
 */
export function featuresProcessor(deps: FeaturesDeps) {
  return async (job: Job<FeaturesJobData, FeaturesJobResult>, signal: AbortSignal): Promise<FeaturesJobResult> => {
    const progress = new JobProgressReporter(job);
    // null: no version is active (the defaults); else the active version's encoders, then a trial's where they differ.
    const records = await servedEncoderRecords(deps.db);
    const itemIds = job.data.itemIds;
    const encoders = new Map<string, { encoder: string; ready: number; failed: number }>();
    const items: NonNullable<FeaturesJobResult['items']> = [];
    if (itemIds && itemIds.length <= ITEM_AT_A_TIME) {
      for (const [index, itemId] of itemIds.entries()) {
        signal.throwIfAborted();
        progress.report({ stage: 'encode', fraction: index / itemIds.length, message: `item ${index + 1} of ${itemIds.length}` });
        const outcomes = await featurizeForEach(deps.featurizer, itemId, records);
        items.push({ itemId, outcomes });
        for (const outcome of outcomes) {
          if (!outcome.encoder) continue;
          const entry = encoders.get(outcome.encoder) ?? { encoder: outcome.encoder, ready: 0, failed: 0 };
          if (outcome.status === 'READY') entry.ready++;
          if (outcome.status === 'FAILED') entry.failed++;
          // Reported, not thrown: the other modality may still place the item.
          if (outcome.status === 'FAILED' || outcome.status === 'UNAVAILABLE') progress.log(`item ${itemId}: ${outcome.modality.toLowerCase()} features failed: ${outcome.error}`);
          encoders.set(outcome.encoder, entry);
        }
      }
    } else {
      const specs = (['TEXT', 'IMAGE'] as const satisfies readonly Modality[]).flatMap((modality): EncoderSpec[] => {
        if (!records) return [DEFAULT_ENCODER_SPECS[modality]];
        const named = new Map<string, EncoderSpec>();
        for (const [index, record] of records.entries()) {
          const ref = record[modality];
          if (!ref) continue;
          const spec = specFor(ref.name);
          const whose = index === 0 ? 'the active model' : 'the running trial\'s model';
          if (!spec) throw new UnrecoverableError(`${whose}'s ${modality} encoder ${ref.name}@${ref.version} is not one the workers can run (use-lite, mobilenet-v2): compute it with npx fewshot features --encoder …`);
          named.set(ref.name, spec);
        }
        return [...named.values()];
      });
      const planned = new Map<string, number>();
      const done = new Map<string, number>();
      const report = () => {
        const total = [...planned.values()].reduce((a, b) => a + b, 0);
        const finished = [...done.values()].reduce((a, b) => a + b, 0);
        progress.report({ stage: 'encode', fraction: total > 0 ? finished / total : 0, message: `${finished} of ${total} item vectors` });
      };
      progress.report({ stage: 'load encoders', fraction: 0 });
      const runs = await computeFeatures({
        sql: deps.db.sql,
        specs,
        itemIds,
        signal,
        onPlan: ({ encoder, missing }) => {
          planned.set(`${encoder.name}@${encoder.version}`, missing);
          progress.log(`${encoder.name}@${encoder.version}: ${missing} item(s) to encode`);
          report();
        },
        onBatch: ({ encoder, ready, failed }) => {
          const key = `${encoder.name}@${encoder.version}`;
          done.set(key, (done.get(key) ?? 0) + ready + failed);
          report();
        },
      });
      for (const run of runs) encoders.set(`${run.encoder.name}@${run.encoder.version}`, { encoder: `${run.encoder.name}@${run.encoder.version}`, ready: run.ready, failed: run.failed });
    }
    signal.throwIfAborted();
    let warmupJobId: string | null = null;
    if (job.data.thenWarmUp) {
      // Same id as this job: a retried features job queues the warm-up once.
      const warmup = await deps.queues.addWarmup({ itemIds, reason: job.data.reason }, job.id);
      warmupJobId = warmup.id ?? null;
      progress.log(`queued warm-up ${warmupJobId}`);
    }
    let trainJobId: string | null = null;
    if (job.data.thenTrain) {
      const { job: train, runId } = await deps.queues.addTraining(deps.db, job.data.thenTrain);
      trainJobId = train.id ?? null;
      progress.log(`queued training ${trainJobId} (run ${runId})`);
    }
    progress.report({ stage: 'done', fraction: 1 });
    await progress.flush();
    return { ...(items.length > 0 ? { items } : {}), encoders: [...encoders.values()], warmupJobId, trainJobId };
  };
}
