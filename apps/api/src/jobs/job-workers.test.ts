import { tinyTraining } from '@fewshot/pipeline/testing';
import { describe, expect, it } from 'vitest';
import { ItemFeaturizer } from '../items/item-featurizer.ts';
import { publishCancel } from './cancellation.ts';
import { startJobWorkers, type JobWorkers } from './job-workers.ts';
import { redisSkipReason, seededQueues } from './testing/seeded-queues.ts';

/**
 * The workers on a real Redis and the embedded database. A cancel that reaches a training just as a worker takes it
 * (after the api saw the job active, before its training began) fails the job before the processor runs: its run must
 * say FAILED as soon as the job does, and a person's retry must train it (the worker refuses a run that was failed
 * before it started, as it must when the api gave up queueing a job that reached Redis anyway). Seen as a flaky
 * jobs-over-http test: the job FAILED, its run still QUEUED.
 */
describe.skipIf(redisSkipReason !== null)(`job workers${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  let workers: JobWorkers | undefined;
  const fixture = seededQueues('workers', async () => workers?.close());
  const logs: string[] = [];

  const state = async (id: string) => (await fixture.queues.getJob('train', id))?.getState();
  const runs = () => fixture.db.prisma.trainingRun.findMany({ orderBy: { id: 'asc' }, select: { id: true, status: true, error: true, startedAt: true, modelVersionId: true } });

  it('a training cancelled as a worker takes it fails with its run, and a retry trains it under a new run', async () => {
    const { db, queues, prefix } = fixture;
    const { job, runId } = await queues.addTraining(db, { name: 'cancelled early', config: tinyTraining.config, evaluation: { ns: [10], headlineN: 10, latencyUsers: 1 } });
    const id = String(job.id);
    // What cancelJob does for an active job, here before any worker runs: the worker finds it on taking the job.
    await publishCancel(queues.redis, prefix, { queue: 'train', id, reason: 'changed my mind' });
    workers = await startJobWorkers({ db, queues, featurizer: new ItemFeaturizer(db), concurrency: { train: 1, features: 1, warmup: 1 }, lockMs: 30_000, log: (line) => logs.push(line) });
    await expect.poll(() => state(id), { timeout: 30_000 }).toBe('failed');
    // No waiting here: the run was failed before the job.
    expect(await runs()).toEqual([{ id: runId, status: 'FAILED', error: 'cancelled: changed my mind', startedAt: null, modelVersionId: null }]);
    expect((await queues.getJob('train', id))!.failedReason).toBe('cancelled: changed my mind');
    const started = `fewshot worker: train job ${id} started (attempt 1)`;
    expect(logs).not.toContain(started); // the processor never ran

    const retried = await queues.retry(db, 'train', id);
    expect(retried.retried).toBe(true);
    await expect.poll(() => state(id), { timeout: 120_000, interval: 200 }).toMatch(/^(completed|failed)$/);
    expect(await state(id), (await queues.getJob('train', id))!.failedReason).toBe('completed');
    expect(logs.filter((line) => line === started)).toHaveLength(1);
    const [first, second] = await runs();
    expect(first).toMatchObject({ id: runId, status: 'FAILED', startedAt: null });
    expect(second).toMatchObject({ status: 'SUCCEEDED', error: null, modelVersionId: expect.any(Number) });
    expect((await queues.getJob('train', id))!.returnvalue).toMatchObject({ runId: second!.id, versionId: second!.modelVersionId });
  }, 180_000);
});
