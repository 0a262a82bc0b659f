import type { Database } from '@fewshot/db';
import type { Env } from '../env.ts';
import type { ItemFeaturizer } from '../items/item-featurizer.ts';
import { JobQueues } from './job-queues.ts';
import { startJobWorkers, type JobWorkers } from './job-workers.ts';
import { reconcileSchedules } from './retrain-schedules.ts';

export interface JobSystem {
  queues: JobQueues;
  /** The workers this process runs once they are connected; null when jobs run in other processes only. */
  workers: Promise<JobWorkers | null>;
  close(): Promise<void>;
}

type JobEnv = Pick<Env, 'REDIS_URL' | 'FEWSHOT_QUEUE_PREFIX' | 'FEWSHOT_TRAIN_CONCURRENCY' | 'FEWSHOT_FEATURES_CONCURRENCY' | 'FEWSHOT_WARMUP_CONCURRENCY' | 'FEWSHOT_JOB_LOCK_MS'> & Partial<Pick<Env, 'FEWSHOT_COLD_THRESHOLD' | 'FEWSHOT_NEW_ITEM_WITHIN'>>;

/**
 * The queues and, when `runWorkers`, this process's workers for every queue. Returns at once: the workers connect in
 * the background, so an api whose Redis is away still starts and serves (jobs wait until Redis is back).
 */
export function startJobSystem(options: { db: Database; env: JobEnv & { REDIS_URL: string }; featurizer: ItemFeaturizer; runWorkers: boolean; log: (message: string) => void }): JobSystem {
  const { env } = options;
  const queues = new JobQueues({ redisUrl: env.REDIS_URL, prefix: env.FEWSHOT_QUEUE_PREFIX });
  const workers = options.runWorkers
    ? startJobWorkers({
        db: options.db,
        queues,
        featurizer: options.featurizer,
        concurrency: { train: env.FEWSHOT_TRAIN_CONCURRENCY, features: env.FEWSHOT_FEATURES_CONCURRENCY, warmup: env.FEWSHOT_WARMUP_CONCURRENCY },
        lockMs: env.FEWSHOT_JOB_LOCK_MS,
        coldThreshold: env.FEWSHOT_COLD_THRESHOLD,
        newItemWithin: env.FEWSHOT_NEW_ITEM_WITHIN,
        log: options.log,
      })
    : Promise.resolve(null);
  // The database is the schedules' source of truth: a worker starting against a Redis that lost them restores them.
  if (options.runWorkers) {
    workers
      .then(() => reconcileSchedules(options.db, queues))
      .then(({ synced, removed }) => (synced + removed > 0 ? options.log(`fewshot: retrain schedules: ${synced} synced, ${removed} stale scheduler(s) removed`) : undefined))
      .catch((error: unknown) => options.log(`fewshot: could not sync the retrain schedules: ${error instanceof Error ? error.message : String(error)}`));
  }
  workers.catch((error: unknown) => options.log(`fewshot: the job workers did not start: ${error instanceof Error ? error.message : String(error)}`));
  return {
    queues,
    workers,
    async close() {
      await (await workers.catch(() => null))?.close();
      await queues.close();
    },
  };
}

/**
 * On a first start with the demo catalog (no training run was ever recorded): the catalog's features, then a first
 * training that is promoted when it finishes (if it ranks new users better than popularity), so recommendations move
 * from popularity to the model without a restart. Job ids make a restart during the first start queue nothing twice.
 */
export async function queueFirstTraining(db: Database, queues: JobQueues, log: (message: string) => void): Promise<void> {
  if ((await db.prisma.trainingRun.count()) > 0 || (await db.prisma.modelVersion.count()) > 0) return;
  const job = await queues.addFeatures({ reason: 'first start: the demo catalog', thenTrain: { autoPromote: true, name: 'first model (demo catalog)', reason: 'first start' } }, 'first-start');
  log(`fewshot api: first start: queued the demo catalog's features (job features:${job.id}), then a first training that is promoted when it finishes if it ranks better than popularity`);
}
