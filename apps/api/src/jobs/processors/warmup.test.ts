import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { promoteModelVersion, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { copyModelVersion, trainTinyVersion } from '@fewshot/pipeline/testing';
import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { WarmupJobData, WarmupJobResult } from '../queues.ts';
import { redisSkipReason, seededQueues } from '../testing/seeded-queues.ts';
import { warmupProcessor } from './warmup.ts';

/** The text encoder the tiny training uses (its vectors are synthetic, 6-d). */
const TEXT = { modality: 'TEXT' as const, name: 'synthetic', version: '1', dimension: 6 };

/**
 * The warm-up processor on real Redis jobs and the embedded database, called as a worker calls it: while a trial runs,
 * a new item is warmed up for the trial's version as well as the active one, so the trial's users can be shown it.
 */
describe.skipIf(redisSkipReason !== null)(`the warm-up job${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  const fixture = seededQueues('warmup');

  it('warms a new item up for the active version and a running trial\'s, and for the active one alone after the trial', async () => {
    const { db, queues } = fixture;
    const control = (await trainTinyVersion(db)).versionId;
    const candidate = await copyModelVersion(db, control, 'candidate');
    await promoteModelVersion(db, control);
    const trial = await startModelTrial(db, { candidateVersionId: candidate, share: 0.3 });
    const item = await db.prisma.item.create({ data: { externalId: 'new-in-trial', title: 'New in a trial' } });
    await storeFeatureOutcomes(db.sql, TEXT, [{ itemId: item.id, sourceSha256: 'text-1', outcome: { ok: true, vector: Float32Array.from({ length: 6 }, (_, i) => Math.sin(i + 1)) } }]);
    const queue = queues.queue('warmup');
    const run = warmupProcessor({ db });
    const job = await queue.add('warmup', { itemIds: [item.id] }, { jobId: 'in-trial' });
    const result = await run(job as Job<WarmupJobData, WarmupJobResult>, new AbortController().signal);
    expect(result).toEqual({ versionId: control, itemIds: [item.id], warmed: [item.id], unchanged: [], waiting: [], trial: { versionId: candidate, warmed: [item.id], unchanged: [], waiting: [] } });
    const stored = await db.prisma.itemEmbedding.findMany({ where: { itemId: item.id }, select: { modelVersionId: true }, orderBy: { modelVersionId: 'asc' } });
    expect(stored.map((row) => row.modelVersionId)).toEqual([control, candidate]);
    const { logs } = await queue.getJobLogs('in-trial');
    expect(logs.some((line) => line.includes(`trial ${trial.id}'s version ${candidate}: 1 placed, 0 unchanged, 0 waiting for features`)), logs.join('\n')).toBe(true);

    await stopModelTrial(db);
    const after = await queue.add('warmup', { itemIds: [item.id] }, { jobId: 'after-trial' });
    const again = await run(after as Job<WarmupJobData, WarmupJobResult>, new AbortController().signal);
    expect(again).toEqual({ versionId: control, itemIds: [item.id], warmed: [], unchanged: [item.id], waiting: [] });
  }, 120_000);
});
