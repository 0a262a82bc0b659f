import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failInterruptedTraining } from './fail-interrupted-training.ts';
import { createVersion } from './testing-versions.ts';

describe.each(await testDatabaseTargets())('failInterruptedTraining on $kind', ({ create }) => {
  let db: TestDatabase;
  const run = async (status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED', jobId: string | null, modelVersionId: number | null = null) =>
    (await db.prisma.trainingRun.create({ data: { status, jobId, modelVersionId, stage: 'meta:id', progress: 0.4 } })).id;
  const runRow = (id: number) => db.prisma.trainingRun.findUniqueOrThrow({ where: { id } });
  const versionRow = (id: number) => db.prisma.modelVersion.findUniqueOrThrow({ where: { id } });
  const chunksOf = (id: number) => db.prisma.modelArtifactChunk.count({ where: { modelVersionId: id } });

  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("fails a dead worker's runs and their TRAINING versions, dropping the partial artifact, and nothing else", async () => {
    const training = await createVersion(db, 'training', { status: 'TRAINING' });
    const running = await run('RUNNING', 'job-1', training);
    const queued = await run('QUEUED', 'job-1');
    const otherJob = await run('RUNNING', 'job-2', await createVersion(db, 'other', { status: 'TRAINING' }));
    const done = await run('SUCCEEDED', 'job-1', await createVersion(db, 'done'));

    const changed = await failInterruptedTraining(db, { jobId: 'job-1', reason: 'the worker stopped during training (job job-1 stalled)' });
    expect(changed).toEqual({ runs: [running, queued], versions: [training] });
    for (const id of [running, queued]) {
      expect(await runRow(id)).toMatchObject({ status: 'FAILED', error: 'the worker stopped during training (job job-1 stalled)', finishedAt: expect.any(Date), stage: 'meta:id' });
    }
    expect(await versionRow(training)).toMatchObject({ status: 'FAILED', artifactBytes: null, artifactSha256: null });
    expect(await chunksOf(training)).toBe(0);
    expect(await runRow(otherJob)).toMatchObject({ status: 'RUNNING', error: null, finishedAt: null });
    expect(await runRow(done)).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(await db.prisma.modelVersion.findMany({ where: { name: { in: ['other', 'done'] } }, select: { name: true, status: true }, orderBy: { id: 'asc' } })).toEqual([{ name: 'other', status: 'TRAINING' }, { name: 'done', status: 'READY' }]);
    // Again: nothing is left to fail, and the first reason stays.
    expect(await failInterruptedTraining(db, { jobId: 'job-1', reason: 'a second time' })).toEqual({ runs: [], versions: [] });
    expect((await runRow(running)).error).toBe('the worker stopped during training (job job-1 stalled)');
  });

  it('never touches a READY, ACTIVE or RETIRED version, even under a run that is still RUNNING', async () => {
    const versions = { ready: await createVersion(db, 'r'), active: await createVersion(db, 'a', { status: 'ACTIVE' }), retired: await createVersion(db, 'x', { status: 'RETIRED' }) };
    const runs = await Promise.all(Object.values(versions).map((id) => run('RUNNING', 'job-3', id)));
    expect(await failInterruptedTraining(db, { runIds: runs, reason: 'worker killed' })).toEqual({ runs: [...runs].sort((a, b) => a - b), versions: [] });
    expect(await versionRow(versions.ready)).toMatchObject({ status: 'READY', artifactSha256: 'x', artifactBytes: 3 });
    expect(await chunksOf(versions.ready)).toBe(1);
    expect((await versionRow(versions.active)).status).toBe('ACTIVE');
    expect((await versionRow(versions.retired)).status).toBe('RETIRED');
    expect((await runRow(runs[0]!)).status).toBe('FAILED');
  });

  it('takes run ids and a job id together, and refuses to guess when given neither', async () => {
    const [a, b, c] = [await run('RUNNING', 'job-4'), await run('QUEUED', null), await run('QUEUED', null)];
    expect(await failInterruptedTraining(db, { jobId: 'job-4', runIds: [b], reason: '  ' })).toEqual({ runs: [a, b], versions: [] });
    expect((await runRow(b)).error).toBe('training was interrupted');
    expect((await runRow(c)).status).toBe('QUEUED');
    await expect(failInterruptedTraining(db, { reason: 'x' })).rejects.toThrow('failInterruptedTraining needs a jobId or runIds');
    await expect(failInterruptedTraining(db, { runIds: [], reason: 'x' })).rejects.toThrow('needs a jobId or runIds');
  });
});
