import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunProgressWriter } from './training-progress.ts';

describe.each(await testDatabaseTargets())('training progress on $kind', ({ create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('records the stage, fraction, message and estimated end in the run, each new stage at once', async () => {
    const run = await db.prisma.trainingRun.create({ data: { status: 'RUNNING' } });
    const row = () => db.prisma.trainingRun.findUniqueOrThrow({ where: { id: run.id }, select: { stage: true, progress: true, message: true, estimatedFinishAt: true } });
    const writer = new RunProgressWriter(db, run.id, 60_000);
    writer.update({ stage: 'pretrain:id', stageFraction: 0, fraction: 0, message: 'epoch 1/50' });
    await writer.flush();
    expect(await row()).toEqual({ stage: 'pretrain:id', progress: 0, message: 'epoch 1/50', estimatedFinishAt: null });
    const finishesAt = new Date('2026-12-06T11:32:00.000Z');
    writer.update({ stage: 'meta:id', stageFraction: 0.5, fraction: 0.3, message: 'step 200/400', finishesAt });
    // Same stage within the interval: not written (progress is advisory, and the embedded database shares the thread).
    writer.update({ stage: 'meta:id', stageFraction: 0.6, fraction: 0.31, finishesAt: new Date(0) });
    await writer.flush();
    expect(await row()).toEqual({ stage: 'meta:id', progress: 0.3, message: 'step 200/400', estimatedFinishAt: finishesAt });
  });
});
