import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL } from '../cli/bench/onboarding/onboarding.ts';
import { deletePrefixKeys, redisUnreachableReason } from '../cli/bench/onboarding/redis-prefix.ts';
import { readEnv } from '../env.ts';
import { newestFirst } from './job-listing.ts';
import { JobQueues } from './job-queues.ts';
import { openRedis } from './redis-connection.ts';

const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;
const skipReason = await redisUnreachableReason(redisUrl);

describe('newestFirst', () => {
  it('orders by creation time, then queue, then id numerically, newest first', () => {
    const jobs = [
      { queue: 'warmup' as const, id: '9', timestamp: 10 },
      { queue: 'train' as const, id: 'run-2', timestamp: 10 },
      { queue: 'warmup' as const, id: '10', timestamp: 10 },
      { queue: 'features' as const, id: '1', timestamp: 20 },
      { queue: 'train' as const, id: 'run-10', timestamp: 10 },
    ];
    expect(jobs.sort(newestFirst).map((job) => `${job.queue}:${job.id}`)).toEqual(['features:1', 'train:run-10', 'train:run-2', 'warmup:10', 'warmup:9']);
  });
});

/**
 * The jobs list on a real Redis, with jobs whose creation order is not the order BullMQ keeps them in: a worker
 * finishes the features jobs in the order they were added, not created; the warm-up list holds them in the order
 * they were added; trainings wait delayed and prioritized. Every state and queue merges into one list, newest first.
 */
describe.skipIf(skipReason !== null)(`JobQueues.listJobs on Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const prefix = `fewshot-listing-test-${process.pid}-${Date.now()}`;
  let queues: JobQueues;
  const base = Date.now() - 60_000;
  const at = (seconds: number) => ({ timestamp: base + seconds * 1000 });
  const names = ['features', 'warmup', 'train'] as const;
  const allStates = ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed'] as const;
  const ids = (page: { jobs: Array<{ queue: string; job: { id?: string } }> }) => page.jobs.map(({ queue, job }) => `${queue}:${job.id}`);

  beforeAll(async () => {
    queues = new JobQueues({ redisUrl, prefix });
    const features = queues.queue('features');
    // The api's connection refuses commands until it is connected (no offline queue).
    await Promise.all(names.map((name) => queues.queue(name).waitUntilReady()));
    await features.add('features', {}, { jobId: 'created-late', ...at(5) });
    await features.add('features', {}, { jobId: 'created-early', ...at(1) });
    await features.add('features', { fail: true }, { jobId: 'fails', attempts: 1, ...at(3) });
    const connection = openRedis(redisUrl, 'fewshot-listing-test-worker');
    const worker = new Worker('features', async (job) => {
      if ((job.data as { fail?: boolean }).fail) throw new Error('planned failure');
      return 'done';
    }, { connection, prefix });
    try {
      const deadline = Date.now() + 20_000;
      while ((await features.getJobCountByTypes('completed', 'failed')) < 3) {
        if (Date.now() > deadline) throw new Error('the test worker did not finish its three jobs in 20 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.close();
      connection.disconnect();
    }
    const warmup = queues.queue('warmup');
    await warmup.add('warmup', {}, { jobId: 'waiting-new', ...at(6) });
    await warmup.add('warmup', {}, { jobId: 'waiting-old', ...at(0.5) });
    await warmup.add('warmup', {}, { jobId: 'tie', ...at(2.5) });
    const train = queues.queue('train');
    await train.add('train', {}, { jobId: 'later', delay: 3_600_000, ...at(4) });
    await train.add('train', {}, { jobId: 'tie', ...at(2.5) });
    await train.add('train', {}, { jobId: 'urgent', priority: 1, ...at(2) });
  });

  afterAll(async () => {
    await queues?.close();
    if (!skipReason) await deletePrefixKeys(redisUrl, prefix);
  });

  const newestFirstIds = [
    'warmup:waiting-new', 'features:created-late', 'train:later', 'features:fails', 'train:tie', 'warmup:tie', 'train:urgent', 'features:created-early', 'warmup:waiting-old',
  ];

  it('lists every queue and state newest first, in pages that neither overlap nor leave a gap', async () => {
    const pages = await Promise.all([0, 4, 8].map((offset) => queues.listJobs(names, allStates, offset, 4)));
    expect(pages.map(ids)).toEqual([newestFirstIds.slice(0, 4), newestFirstIds.slice(4, 8), newestFirstIds.slice(8)]);
    expect(pages.flatMap((page) => page.jobs.map((job) => job.position))).toEqual(newestFirstIds.map((_, i) => i));
    expect(pages.map((page) => page.totalCount)).toEqual([9, 9, 9]);
    expect(ids(await queues.listJobs(names, allStates, 9, 4))).toEqual([]);
  });

  it('orders finished jobs by when they were created, not when they finished', async () => {
    const finished = await queues.listJobs(['features'], ['completed', 'failed'], 0, 10);
    expect(ids(finished)).toEqual(['features:created-late', 'features:fails', 'features:created-early']);
    expect(ids(await queues.listJobs(['features'], ['completed'], 0, 1))).toEqual(['features:created-late']);
    expect(ids(await queues.listJobs(['features'], ['completed'], 1, 1))).toEqual(['features:created-early']);
    expect(ids(await queues.listJobs(['warmup'], ['waiting'], 0, 10))).toEqual(['warmup:waiting-new', 'warmup:tie', 'warmup:waiting-old']);
    expect((await queues.listJobs(['train', 'warmup'], ['delayed', 'prioritized'], 0, 10)).totalCount).toBe(2);
  });
});
