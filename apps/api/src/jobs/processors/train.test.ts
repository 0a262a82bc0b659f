import { tinyTraining } from '@fewshot/pipeline/testing';
import { Job, UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { TrainJobData, TrainJobResult } from '../queues.ts';
import { redisSkipReason, seededQueues } from '../testing/seeded-queues.ts';
import { trainProcessor } from './train.ts';

/**
 * The train processor on a real Redis job and the embedded database, called as a worker calls it. BullMQ runs a job
 * again when its worker lost the job's lock while it trained (seen on npm start's first training of the demo catalog:
 * the artifact write and the evaluation held the event loop past the 30 s lock on a busy machine), so the same job
 * reaches the processor a second time after its training succeeded.
 */
describe.skipIf(redisSkipReason !== null)(`the train job${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  const fixture = seededQueues('train');

  it('trains nothing again when run once more after its training succeeded: the same version, promoted once', async () => {
    const { db, queues } = fixture;
    const queue = queues.queue('train');
    // beatPopularity off: a tiny training may rank below popularity, and this test is about promoting it once.
    const data: TrainJobData = { name: 'retried', config: tinyTraining.config, evaluation: tinyTraining.evaluation, autoPromote: true, policy: { beatPopularity: false } };
    const added = await queue.add('train', data, { jobId: 'retried' });
    const run = trainProcessor({ db });
    const first = await run(added as Job<TrainJobData, TrainJobResult>, new AbortController().signal);
    expect(first).toMatchObject({ promoted: true });
    // The job as BullMQ hands it to the next attempt: its data now names the run the first attempt trained.
    const again = (await Job.fromId<TrainJobData, TrainJobResult>(queue, 'retried'))!;
    expect(again.data.runId).toBe(first.runId);
    const second = await run(again, new AbortController().signal);
    expect(second).toMatchObject({ runId: first.runId, versionId: first.versionId, promoted: true });
    expect(second.promotion).toContain(`model version ${first.versionId} is the ACTIVE one already`);
    expect(await db.prisma.trainingRun.count()).toBe(1);
    expect(await db.prisma.modelVersion.findMany({ select: { id: true, status: true } })).toEqual([{ id: first.versionId, status: 'ACTIVE' }]);
    const { logs } = await queue.getJobLogs('retried');
    expect(logs.some((line) => line.includes(`training run ${first.runId} of this job already succeeded (model version ${first.versionId})`))).toBe(true);
  }, 120_000);

  it('fails for good, saying what would make the catalog fit, when its training runs out of the engine\'s memory', async () => {
    const { db, queues } = fixture;
    const queue = queues.queue('train');
    // A 2 MB heap stands in for a catalog past the 4,096 MB WebAssembly allows: the same failure, in a second.
    const data: TrainJobData = { name: 'too large', config: { ...tinyTraining.config, heapMegabytes: 2 }, evaluation: tinyTraining.evaluation };
    const added = await queue.add('train', data, { jobId: 'too-large' });
    const error = await trainProcessor({ db })(added as Job<TrainJobData, TrainJobResult>, new AbortController().signal).then(() => undefined, (e: unknown) => e);
    // BullMQ does not retry an UnrecoverableError: a second attempt would fail the same way after as long.
    expect(error).toBeInstanceOf(UnrecoverableError);
    const message = (error as Error).message;
    expect(message).toMatch(/^this catalog does not fit in the training engine's memory: training [\d,]+ items with text \(\d+-d\) vectors ran out of its 2 MB in stage \S+ \(.*\)\. To make it fit, freeze the feature tables/);
    const runs = await db.prisma.trainingRun.findMany({ where: { jobId: 'too-large' }, select: { status: true, error: true, modelVersionId: true } });
    expect(runs).toEqual([{ status: 'FAILED', error: message, modelVersionId: expect.any(Number) }]);
    expect(await db.prisma.modelVersion.findUnique({ where: { id: runs[0]!.modelVersionId! }, select: { status: true, artifactBytes: true } })).toEqual({ status: 'FAILED', artifactBytes: null });
  }, 120_000);
});

