import { Worker } from 'bullmq';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { deletePrefixKeys } from '../cli/bench/onboarding/redis-prefix.ts';
import { wasCancelled } from './cancellation.ts';
import { JobQueues, type JobWithState } from './job-queues.ts';
import { redisSkipReason, redisUrl } from './testing/seeded-queues.ts';

/**
 * A job's fields and its state are two reads. Read apart, a job finishing between them looked FAILED with no error
 * (a jobs-resilience test in CI): polling 40 jobs that fail at once this way gave 13 such views in about 500 here.
 */
describe.skipIf(redisSkipReason !== null)(`job queues on a real Redis${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  const prefix = `fewshot-queues-test-${process.pid}-${Date.now()}`;
  const queues = new JobQueues({ redisUrl, prefix });
  afterAll(async () => {
    await queues.close();
    if (!redisSkipReason) await deletePrefixKeys(redisUrl, prefix);
  });

  it('reads a job with its state so they agree: FAILED always with its error, COMPLETED with its result', async () => {
    // Jobs that end within 20 ms of starting, half failing: views are read while they finish.
    const worker = new Worker('warmup', async (job) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      if (Number(job.id) % 2 === 0) throw new Error('boom');
      return { warmed: [1] };
    }, { connection: { url: redisUrl }, prefix, concurrency: 4 });
    const disagreeing: JobWithState[] = [];
    let views = 0;
    try {
      for (let round = 0; round < 40; round++) {
        const id = String((await queues.queue('warmup').add('warmup', { itemIds: [1] }, { attempts: 1 })).id);
        for (;;) {
          const view = (await queues.getJobWithState('warmup', id))!;
          views++;
          const { state, job } = view;
          if ((state === 'failed' && job.failedReason !== 'boom') || (state === 'completed' && !job.returnvalue)) disagreeing.push(view);
          if (state === 'failed' || state === 'completed') break;
        }
      }
    } finally {
      await worker.close();
    }
    expect(views).toBeGreaterThan(40);
    expect(disagreeing.map(({ state, job }) => ({ id: job.id, state, failedReason: job.failedReason, returnvalue: job.returnvalue }))).toEqual([]);
    // The jobs listing reads each job the same way.
    const { jobs } = await queues.listJobs(['warmup'], ['failed', 'completed'], 0, 50);
    expect(jobs).toHaveLength(40);
    for (const { state, job } of jobs) expect(state === 'failed' ? job.failedReason : job.returnvalue).toBeTruthy();
  }, 60_000);

  it('cancels a waiting job that a worker locks before it can be removed by telling the worker, not by failing', async () => {
    const id = String((await queues.queue('warmup').add('warmup', { itemIds: [1] })).id);
    // What a worker taking the job between cancel's state read and its removal leaves: a lock BullMQ will not remove
    // a job under (set here while the job still waits, so the state read says waiting).
    const lock = `${prefix}:warmup:${id}:lock`;
    await queues.redis.set(lock, 'a-worker-token', 'EX', 30);
    const locked = await queues.cancel('warmup', id, 'not needed');
    expect({ cancelled: locked.cancelled, how: locked.cancelled && locked.how }).toEqual({ cancelled: true, how: 'signalled' });
    // The worker finds the cancellation as it starts the job (job-workers.ts), or hears it if it runs already.
    expect(await wasCancelled(queues.redis, prefix, 'warmup', id)).toBe('not needed');
    await queues.redis.del(lock);
    const unlocked = await queues.cancel('warmup', id, 'not needed');
    expect({ cancelled: unlocked.cancelled, how: unlocked.cancelled && unlocked.how }).toEqual({ cancelled: true, how: 'removed' });
    expect(await queues.getJob('warmup', id)).toBeUndefined();
  });
});

describe('job queues while Redis is away', () => {
  it('answer SERVICE_UNAVAILABLE and log through their connection only, not every reconnect attempt once per queue', async () => {
    const logged: unknown[][] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    // Nothing listens on port 1: each reconnect attempt fails at once, a dozen times a second.
    const away = new JobQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: 'away' });
    try {
      // The metrics' count waits at most 2 s, meanwhile the connection retries many times.
      await expect(away.countJobs()).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
      // BullMQ printed each queue's connection error without a listener of its own: 15 lines in 1.5 s before.
      expect(logged.map((args) => String(args[0]))).toEqual([expect.stringMatching(/^fewshot: Redis \(fewshot-queues\) at redis:\/\/127\.0\.0\.1:1.*ECONNREFUSED/)]);
    } finally {
      error.mockRestore();
      await away.close();
    }
  });
});
