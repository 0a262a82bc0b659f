import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { seedDemoSlice, tinyTraining } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REDIS_URL } from '../cli/bench/onboarding/onboarding.ts';
import { deletePrefixKeys, redisUnreachableReason } from '../cli/bench/onboarding/redis-prefix.ts';
import { readEnv } from '../env.ts';
import { ItemFeaturizer } from '../items/item-featurizer.ts';
import { publishCancel } from './cancellation.ts';
import { JobQueues } from './job-queues.ts';
import { startJobWorkers, type JobWorkers } from './job-workers.ts';

const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;
const skipReason = await redisUnreachableReason(redisUrl);
const [target] = await testDatabaseTargets();

/**
 * The workers on a real Redis and the embedded database. A cancel that reaches a training just as a worker takes it
 * (after the api saw the job active, before its training began) fails the job before the processor runs: its run must
 * say FAILED as soon as the job does, and a person's retry must train it (the worker refuses a run that was failed
 * before it started, as it must when the api gave up queueing a job that reached Redis anyway). Seen as a flaky
 * jobs-over-http test: the job FAILED, its run still QUEUED.
 */
describe.skipIf(skipReason !== null)(`job workers${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const prefix = `fewshot-workers-test-${process.pid}-${Date.now()}`;
  let db: TestDatabase;
  let queues: JobQueues;
  let workers: JobWorkers | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    queues = new JobQueues({ redisUrl, prefix });
    await queues.queue('train').waitUntilReady();
  });
  afterAll(async () => {
    await workers?.close();
    await queues?.close();
    await db?.dispose();
    if (!skipReason) await deletePrefixKeys(redisUrl, prefix);
  });

  const state = async (id: string) => (await queues.getJob('train', id))?.getState();
  const runs = () => db.prisma.trainingRun.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, error: true, startedAt: true, modelVersionId: true } });

  it('a training cancelled as a worker takes it fails with its run, and a retry trains it under a new run', async () => {
    const { job, runId } = await queues.addTraining(db, { name: 'cancelled early', config: tinyTraining.config, evaluation: { ns: [10], headlineN: 10, latencyUsers: 1 } });
    const id = String(job.id);
    // What cancelJob does for an active job, here before any worker runs: the worker finds it on taking the job.
    await publishCancel(queues.redis, prefix, { queue: 'train', id, reason: 'changed my mind' });
    workers = await startJobWorkers({ db, queues, featurizer: new ItemFeaturizer(db), concurrency: { train: 1, features: 1, warmup: 1 }, lockMs: 30_000, log: (line) => logs.push(line) });
    await expect.poll(() => state(id), { timeout: 30_000 }).toBe('failed');
    // No waiting here: the run was failed before the job.
    expect(await runs()).toEqual([{ id: runId, status: 'FAILED', error: 'cancelled: changed my mind', startedAt: null, modelVersionId: null }]);
    expect((await queues.getJob('train', id))!.failedReason).toBe('cancelled: changed my mind');

    const retried = await queues.retry(db, 'train', id);
    expect(retried.retried).toBe(true);
    await expect.poll(() => state(id), { timeout: 120_000, interval: 200 }).toMatch(/^(completed|failed)$/);
    expect(await state(id), (await queues.getJob('train', id))!.failedReason).toBe('completed');
    const [first, second] = await runs();
    expect(first).toMatchObject({ id: runId, status: 'FAILED', startedAt: null });
    expect(second).toMatchObject({ status: 'SUCCEEDED', error: null, modelVersionId: expect.any(Number) });
    expect((await queues.getJob('train', id))!.returnvalue).toMatchObject({ runId: second!.id, versionId: second!.modelVersionId });
  }, 180_000);
});
