import type { Database } from '@fewshot/db';
import { failInterruptedTraining } from '@fewshot/pipeline/lifecycle';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ItemFeaturizer } from '../items/item-featurizer.ts';
import { subscribeCancel, wasCancelled } from './cancellation.ts';
import type { JobQueues } from './job-queues.ts';
import { featuresProcessor } from './processors/features.ts';
import { trainProcessor } from './processors/train.ts';
import { warmupProcessor } from './processors/warmup.ts';
import { QUEUE_NAMES, type QueueName, type TrainJobData } from './queues.ts';
import { openRedis } from './redis-connection.ts';

export interface JobWorkersOptions {
  db: Database;
  queues: JobQueues;
  featurizer: ItemFeaturizer;
  /** Jobs of each queue one process runs at once: training is kept apart so it never starves warm-ups. */
  concurrency: Record<QueueName, number>;
  /** How long a job's lock lasts without renewal: a worker that died is noticed after about this long. */
  lockMs: number;
  /** FEWSHOT_COLD_THRESHOLD: a version's evaluation adapts users under it, as this deployment's serving does. */
  coldThreshold?: number;
  /** FEWSHOT_NEW_ITEM_WITHIN: the bound a version's evaluation replays new-item slots with, beside unbounded ones. */
  newItemWithin?: number;
  log: (message: string) => void;
}

export interface JobWorkers {
  /** Stops taking jobs; running ones are aborted (a training is retried by the next worker). */
  close(): Promise<void>;
}

type Processor = (job: Job, signal: AbortSignal) => Promise<unknown>;

/**
 * Whether BullMQ fails the job for good on `error`: unrecoverable, or no attempt left once `attemptsMade` attempts
 * count (inside an attempt that is about to fail, one more than BullMQ has counted yet).
 */
function failsForGood(job: Job, error: unknown, attemptsMade: number): boolean {
  return (error instanceof Error && error.name === 'UnrecoverableError') || attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * BullMQ workers for every queue in this process (the worker entry point, or the api itself on the embedded default),
 * each job a thin adapter over a pipeline function with its progress and an AbortSignal that a cancel from any
 * process fires.
 */
export async function startJobWorkers(options: JobWorkersOptions): Promise<JobWorkers> {
  const { db, queues, log } = options;
  const processors: Record<QueueName, Processor> = {
    features: featuresProcessor({ db, featurizer: options.featurizer, queues }) as Processor,
    warmup: warmupProcessor({ db }) as Processor,
    train: trainProcessor({ db, coldThreshold: options.coldThreshold, newItemWithin: options.newItemWithin }) as Processor,
  };
  const connections: Redis[] = [];
  const workers = new Map<QueueName, Worker>();
  let closing = false;
  const attempt = async (name: QueueName, job: Job, signal: AbortSignal): Promise<unknown> => {
    const cancelled = await wasCancelled(queues.redis, queues.prefix, name, String(job.id));
    if (cancelled) throw new UnrecoverableError(`cancelled: ${cancelled}`);
    log(`fewshot worker: ${name} job ${job.id} started (attempt ${job.attemptsStarted})`);
    try {
      return await processors[name](job, signal);
    } catch (error) {
      if (!signal.aborted) throw error;
      // Aborted because this process is stopping: another attempt runs on the next worker. Cancelled by a
      // person: failed for good, with their reason.
      if (closing) throw new Error('the worker running it shut down; it runs again on the next worker');
      throw new UnrecoverableError(`cancelled: ${signal.reason instanceof Error ? signal.reason.message : String(signal.reason)}`);
    }
  };
  /** Marks whatever run this training job left QUEUED or RUNNING as FAILED, with the job's error. */
  const recordTrainingFailure = (job: Job, error: unknown): Promise<unknown> => {
    const runId = (job.data as TrainJobData).runId;
    return failInterruptedTraining(db, { jobId: String(job.id), runIds: runId === undefined ? [] : [runId], reason: error instanceof Error ? error.message : String(error) })
      .catch((e: unknown) => log(`fewshot worker: could not record job ${job.id}'s failure: ${String(e)}`));
  };
  for (const name of QUEUE_NAMES) {
    const connection = openRedis(queues.options.redisUrl, `fewshot-worker-${name}`);
    connections.push(connection);
    const worker = new Worker(
      name,
      async (job: Job, _token?: string, signal?: AbortSignal) => {
        try {
          return await attempt(name, job, signal ?? new AbortController().signal);
        } catch (error) {
          // A training's run says FAILED before its job does, so whoever sees the job failed (the console, a retry)
          // finds its run failed too: a cancel that arrived as the worker took the job left the run QUEUED until
          // the 'failed' event below caught up, or for good had the process stopped first.
          if (name === 'train' && failsForGood(job, error, job.attemptsMade + 1)) await recordTrainingFailure(job, error);
          throw error;
        }
      },
      { connection, prefix: queues.prefix, concurrency: options.concurrency[name], lockDuration: options.lockMs, stalledInterval: Math.max(1000, Math.round(options.lockMs / 2)), maxStalledCount: 1 },
    );
    worker.on('completed', (job) => log(`fewshot worker: ${name} job ${job.id} completed`));
    worker.on('failed', (job, error) => {
      log(`fewshot worker: ${name} job ${job?.id ?? '?'} failed: ${error.message}`);
      // A training that BullMQ gave up on (stalled too often: its worker died) leaves no RUNNING run behind.
      if (name === 'train' && job && failsForGood(job, error, job.attemptsMade)) void recordTrainingFailure(job, error);
    });
    worker.on('error', (error) => {
      if (!closing) log(`fewshot worker: ${name}: ${error.message}`);
    });
    workers.set(name, worker);
  }
  const subscriber = openRedis(queues.options.redisUrl, 'fewshot-cancel-subscriber');
  connections.push(subscriber);
  await subscribeCancel(subscriber, queues.prefix, (request) => {
    if (workers.get(request.queue)?.cancelJob(request.id, request.reason)) log(`fewshot worker: cancelling ${request.queue} job ${request.id}: ${request.reason}`);
  });
  await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  log(`fewshot worker: processing ${QUEUE_NAMES.map((name) => `${name} (${options.concurrency[name]} at a time)`).join(', ')}`);
  return {
    async close() {
      closing = true;
      for (const worker of workers.values()) worker.cancelAllJobs('the worker is shutting down');
      await Promise.allSettled([...workers.values()].map((worker) => worker.close()));
      for (const connection of connections) connection.disconnect();
    },
  };
}
