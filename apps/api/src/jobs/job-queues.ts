import type { Database } from '@fewshot/db';
import { Queue, QueueEvents, type Job, type JobsOptions, type JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppError, AppErrorCode } from '../errors.ts';
import { clearCancel, publishCancel } from './cancellation.ts';
import { listJobIds } from './job-listing.ts';
import { endedBeforeStart, QUEUE_NAMES, type FeaturesJobData, type QueueName, type TrainJobData, type WarmupJobData } from './queues.ts';
import { openRedis } from './redis-connection.ts';

/** Kept long enough for the console to show recent history, bounded so Redis does not grow forever. */
const KEEP = { removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600, count: 1000 } } as const;

/** Retries: an item job again after 1 s, 2 s, 4 s; a training once more after 10 s (a worker that died mid-run). */
export const JOB_DEFAULTS: Record<QueueName, JobsOptions> = {
  features: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
  warmup: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...KEEP },
  train: { attempts: 2, backoff: { type: 'fixed', delay: 10_000 }, removeOnComplete: { count: 500 }, removeOnFail: { count: 500 } },
};

export type AnyJob = Job<unknown, unknown, string>;

/** What BullMQ says of a job's state (`unknown`: not in any of its sets). */
export type JobStateName = Awaited<ReturnType<AnyJob['getState']>>;

/** A job with its state, read so that the two agree (see getJobWithState). */
export interface JobWithState {
  job: AnyJob;
  state: JobStateName;
}

/** A job of a list, with its queue and its position in the list (0 for the newest). */
export interface ListedJob extends JobWithState {
  queue: QueueName;
  position: number;
}

export interface JobQueuesOptions {
  redisUrl: string;
  /** BullMQ key prefix: deployments (and tests) sharing one Redis keep apart by prefix. */
  prefix: string;
}

/** Redis did not answer a queue operation in time: the api says so instead of hanging the request. */
export class QueueUnavailableError extends AppError {
  constructor(what: string, ms: number) {
    super(AppErrorCode.Unavailable, `the job queue (Redis) did not answer within ${ms / 1000} s while ${what}; it may be restarting: try again shortly`);
    this.name = 'QueueUnavailableError';
  }
}

/** How long a request waits for Redis before answering SERVICE_UNAVAILABLE (ioredis keeps reconnecting meanwhile). */
const REACH_MS = 5_000;

export type CancelOutcome = { cancelled: true; how: 'removed' | 'signalled'; job: AnyJob } | { cancelled: false; reason: string; job: AnyJob | null };

/**
 * The producer side of the queues, used by the api, the CLI and the workers themselves (features → warm-up): queue
 * jobs, find and list them, cancel and retry them, and wait for one to finish.
 */
export class JobQueues {
  readonly prefix: string;
  private readonly connection: Redis;
  private readonly queues: Record<QueueName, Queue>;
  private readonly events = new Map<QueueName, QueueEvents>();

  constructor(readonly options: JobQueuesOptions) {
    this.prefix = options.prefix;
    this.connection = openRedis(options.redisUrl, 'fewshot-queues', { producer: true });
    this.queues = Object.fromEntries(QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS[name] });
      // Reported by the connection itself (at most every 10 s): without a listener BullMQ prints every reconnect
      // attempt's error once per queue, a dozen lines a second while Redis is away.
      queue.on('error', () => undefined);
      return [name, queue];
    })) as Record<QueueName, Queue>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Queue events (completed, failed, progress) of one queue, opened on first use (one connection each). */
  queueEvents(name: QueueName): QueueEvents {
    let events = this.events.get(name);
    if (!events) {
      events = new QueueEvents(name, { connection: openRedis(this.options.redisUrl, `fewshot-events-${name}`), prefix: this.prefix });
      events.on('error', () => undefined); // reported by the connection itself
      this.events.set(name, events);
    }
    return events;
  }

  /** A job id that makes the same request once: BullMQ ignores an add whose id is already queued, running or kept. */
  addFeatures(data: FeaturesJobData, jobId?: string): Promise<AnyJob> {
    return reach(this.queues.features.add('features', data, jobId ? { jobId } : {}) as Promise<AnyJob>, 'queueing a features job');
  }

  addWarmup(data: WarmupJobData, jobId?: string): Promise<AnyJob> {
    return reach(this.queues.warmup.add('warmup', data, jobId ? { jobId } : {}) as Promise<AnyJob>, 'queueing a warm-up job');
  }

  /** Records a QUEUED training run (the console lists it at once) and queues the job that runs it. */
  async addTraining(db: Database, data: Omit<TrainJobData, 'runId'>): Promise<{ job: AnyJob; runId: number }> {
    const run = await db.prisma.trainingRun.create({ data: { status: 'QUEUED', config: JSON.parse(JSON.stringify(data)), scheduleId: data.scheduleId ?? null, message: data.reason ?? null } });
    const jobId = `run-${run.id}`;
    try {
      const job = (await reach(this.queues.train.add('train', { ...data, runId: run.id }, { jobId }), 'queueing a training job')) as AnyJob;
      await db.prisma.trainingRun.update({ where: { id: run.id }, data: { jobId } });
      return { job, runId: run.id };
    } catch (error) {
      await db.prisma.trainingRun.update({ where: { id: run.id }, data: { status: 'FAILED', error: `could not queue the job: ${error instanceof Error ? error.message : String(error)}`, finishedAt: new Date() } });
      throw error;
    }
  }

  getJob(queue: QueueName, id: string): Promise<AnyJob | undefined> {
    return reach(this.queues[queue].getJob(id) as Promise<AnyJob | undefined>, 'looking up a job');
  }

  /** A job as a person looks at it: its fields and its state agreeing (readJobWithState). */
  getJobWithState(queue: QueueName, id: string): Promise<JobWithState | undefined> {
    return reach(this.readJobWithState(queue, id), 'looking up a job');
  }

  /**
   * The job's fields, then its state; a job that finished between the two reads is read again. BullMQ writes a
   * job's outcome (error, result, finish time) and its new state in one script, so a FAILED job always comes with
   * its error: read apart, a poll could see FAILED with no error (seen in CI), or COMPLETED with no result.
   */
  private async readJobWithState(queue: QueueName, id: string): Promise<JobWithState | undefined> {
    const job = (await this.queues[queue].getJob(id)) as AnyJob | undefined;
    if (!job) return undefined;
    const state = await job.getState();
    if ((state === 'completed' || state === 'failed') && !job.finishedOn) {
      const again = (await this.queues[queue].getJob(id)) as AnyJob | undefined;
      return again ? { job: again, state: await again.getState() } : undefined;
    }
    return { job, state };
  }

  /**
   * The jobs at positions `offset` to `offset + limit - 1` of the given queues and states, newest first (see
   * listJobIds), each with its position, and how many jobs those queues hold in those states.
   */
  listJobs(queues: readonly QueueName[], states: readonly JobType[], offset: number, limit: number): Promise<{ jobs: ListedJob[]; totalCount: number }> {
    return reach((async () => {
      const [ids, counts] = await Promise.all([
        listJobIds(this.connection, queues.map((name) => ({ name, queue: this.queues[name] })), states),
        Promise.all(queues.map((name) => this.queues[name].getJobCountByTypes(...states))),
      ]);
      const page = await Promise.all(ids.slice(offset, offset + limit).map(async ({ queue, id }, index) => {
        const found = await this.readJobWithState(queue, id);
        return found ? { queue, ...found, position: offset + index } : null;
      }));
      // A job removed between the two reads is left out; the others keep their positions (and so the next cursor).
      const jobs = page.filter((entry): entry is ListedJob => entry !== null);
      return { jobs, totalCount: counts.reduce((sum, count) => sum + count, 0) };
    })(), 'listing jobs');
  }

  /** How many jobs each queue holds in each of BullMQ's states (for metrics); QueueUnavailableError when Redis does not answer. */
  countJobs(): Promise<Record<string, Record<string, number>>> {
    const counted = Promise.all(QUEUE_NAMES.map(async (name) => [name, await this.queues[name].getJobCounts()] as const));
    return reach(counted.then((entries) => Object.fromEntries(entries)), 'counting jobs', 2_000);
  }

  /**
   * Waiting or delayed: removed. Running: the worker that runs it is told (its AbortSignal fires). A waiting job that a
   * worker locks between the state read and the removal (BullMQ then refuses to remove it) is told like a running one:
   * the cancellation's key stops it as it starts, its message if it started already.
   */
  async cancel(queue: QueueName, id: string, reason: string): Promise<CancelOutcome> {
    const job = await this.getJob(queue, id);
    if (!job) return { cancelled: false, reason: 'there is no such job (finished jobs are kept for 7 days, failed ones 30)', job: null };
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') {
      // 1: removed; 0: locked by a worker that has just taken it.
      if ((await this.queues[queue].remove(id)) === 1) return { cancelled: true, how: 'removed', job };
      await publishCancel(this.connection, this.prefix, { queue, id, reason });
      return { cancelled: true, how: 'signalled', job };
    }
    if (state === 'active') {
      await publishCancel(this.connection, this.prefix, { queue, id, reason });
      return { cancelled: true, how: 'signalled', job };
    }
    return { cancelled: false, reason: `the job is ${state}: only a waiting or running job can be cancelled`, job };
  }

  /**
   * A failed job runs again (from its first attempt). A training whose run never started (cancelled as a worker took
   * it, or refused by the api) trains under a new run: the worker refuses to start a run that was failed before it
   * began, which protects against a job that reached Redis after the api gave up on it, not against a person's retry.
   */
  async retry(db: Database, queue: QueueName, id: string): Promise<{ retried: true; job: AnyJob } | { retried: false; reason: string; job: AnyJob | null }> {
    const job = await this.getJob(queue, id);
    if (!job) return { retried: false, reason: 'there is no such job (failed jobs are kept for 30 days)', job: null };
    const state = await job.getState();
    if (state !== 'failed') return { retried: false, reason: `the job is ${state}: only a failed job can be retried`, job };
    await clearCancel(this.connection, this.prefix, queue, id);
    if (queue === 'train') await forgetUnstartedRun(db, job as Job<TrainJobData>);
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return { retried: true, job };
  }

  /** The job's return value once it completes; throws its failure, or on timeout. */
  waitForJob(queue: QueueName, job: AnyJob, timeoutMs: number): Promise<unknown> {
    return job.waitUntilFinished(this.queueEvents(queue), timeoutMs);
  }

  /** The connection the queues use, for cancellation keys. */
  get redis(): Redis {
    return this.connection;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.events.values()].map((events) => events.close()));
    await Promise.allSettled(QUEUE_NAMES.map((name) => this.queues[name].close()));
    this.connection.disconnect();
  }
}

/** Drops a run that never started from a training job's data, so its next attempt claims a new one. */
async function forgetUnstartedRun(db: Database, job: Job<TrainJobData>): Promise<void> {
  const { runId, ...rest } = job.data;
  if (runId === undefined) return;
  const run = await db.prisma.trainingRun.findUnique({ where: { id: runId }, select: { status: true, startedAt: true } });
  if (run && endedBeforeStart(run)) await job.updateData(rest);
}

/** The operation, or QueueUnavailableError when Redis refuses it (not connected) or does not answer in time. */
function reach<T>(operation: Promise<T>, what: string, ms = REACH_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(what, ms)), ms);
  });
  const refused = operation.catch((error: unknown) => {
    // ioredis' own words when the connection is down and commands are not queued (enableOfflineQueue: false).
    if (error instanceof Error && /Stream isn't writeable|Connection is closed|ECONNREFUSED|max retries per request/i.test(error.message)) throw new QueueUnavailableError(what, ms);
    throw error;
  });
  return Promise.race([refused, timeout]).finally(() => clearTimeout(timer));
}
