import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { coldStartSplit, newUserTasks } from '@fewshot/model/coldstart';
import { rankCases } from '@fewshot/model/eval';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyModelVersion } from '../testing/copy-model-version.ts';
import { seedDemoSlice, tinyTraining, type DemoSlice } from '../testing/seed-demo-slice.ts';
import { loadModelVersion } from './load-model-version.ts';
import { trainModelVersion } from './train-model-version.ts';

const config = tinyTraining.config;
const evaluation = tinyTraining.evaluation;
let dataset: DemoSlice['dataset'];

async function seed(db: TestDatabase): Promise<void> {
  ({ dataset } = await seedDemoSlice(db));
}

describe.each(await testDatabaseTargets())('trainModelVersion on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await seed(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('stores a READY version whose artifact reloads and reproduces its stored metrics, with the run\'s stages and curves (trained off the thread, as jobs do)', async () => {
    const stages: string[] = [];
    const result = await trainModelVersion({ db, config, evaluation, name: 'tiny', offThread: true, onProgress: (p) => stages.includes(p.stage) || stages.push(p.stage) });
    expect(stages).toEqual(['snapshot', 'pretrain:id', 'meta:id', 'pretrain:text', 'meta:text', 'generator', 'fusion', 'evaluate', 'store']);
    const run = await db.prisma.trainingRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', progress: 1, modelVersionId: result.versionId, error: null, estimatedFinishAt: null });
    expect((run.report as { training: { stages: unknown[] } }).training.stages).toHaveLength(6);
    const version = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: result.versionId } });
    expect(version).toMatchObject({ name: 'tiny', status: 'READY', encoders: { TEXT: { name: 'synthetic', version: '1', dimension: 6 } } });
    const metrics = version.metrics as unknown as typeof result.metrics;
    expect(Object.keys(metrics.methods)).toContain('mml');
    expect(metrics.methods.mml!['ndcg@10']).toEqual(result.metrics.methods.mml!['ndcg@10']);
    // The counted list it serves users without history, ranked beside the model at every length.
    for (const slice of ['n=5', 'n=10']) expect(metrics.slices[slice]!['first-items']!['ndcg@10']!.mean).toBeGreaterThan(0);
    // What new-item slots would cost and gain is replayed by default; this slice's every item has old users' events
    // before the split, so there is nothing to fill a slot with and the version says so (packages/model replays one).
    expect(metrics.protocol.newItems).toBe(0);
    expect(metrics.newItemSlots).toMatchObject({ listLength: 10, newItemEvents: 0, outcomes: [] });
    expect(metrics.newItemSlots!.events).toBeGreaterThan(0);
    expect((version.config as { evaluation: { newItemSlots: { coldThreshold: number } } }).evaluation.newItemSlots.coldThreshold).toBe(20);

    // Any process that reaches the database can load it: rank the headline slice again and get the same number.
    const loaded = await loadModelVersion(db, result.versionId);
    try {
      expect(loaded.metadata.itemExternalIds).toHaveLength(dataset.numItems);
      const split = coldStartSplit({ ...dataset, sequences: dataset.sequences, timestamps: dataset.timestamps });
      const tasks = newUserTasks(split, 10).map((t) => ({ support: t.support, cases: [t.test] }));
      const fused = loaded.model.fuse(await loaded.model.adaptTasks(tasks, 'bounded'), tasks.length).scores;
      const width = dataset.numItems + 1;
      const ranks = rankCases((batch) => fused.subarray(0, batch.length * width), tasks.map((t) => t.cases[0]!), dataset.numItems, { batchSize: tasks.length });
      const ndcg = Array.from(ranks.masked).reduce((sum, r) => sum + (r < 10 ? 1 / Math.log2(r + 2) : 0), 0) / tasks.length;
      expect(ndcg).toBeCloseTo(metrics.methods.mml!['ndcg@10']!.mean, 5);
    } finally {
      await loaded.model.close();
    }
  });

  it('refuses to load a version whose artifact bytes changed, or one that is not READY', async () => {
    const ready = await db.prisma.modelVersion.findFirstOrThrow({ where: { status: 'READY' }, orderBy: { id: 'desc' } });
    const tampered = await copyModelVersion(db, ready.id, 'tampered', { corruptByteAt: 2000 });
    await expect(loadModelVersion(db, tampered)).rejects.toThrow(new RegExp(`model version ${tampered}: the artifact's sha256 .* does not match the recorded`));
    const cut = await copyModelVersion(db, ready.id, 'cut');
    await db.sql.query(`UPDATE model_artifact_chunks SET bytes = substring(bytes FROM 2) WHERE model_version_id = $1 AND seq = 0`, [cut]);
    await expect(loadModelVersion(db, cut)).rejects.toThrow(`model version ${cut}: its artifact chunks hold ${ready.artifactBytes! - 1} bytes in 1 chunks, not the recorded ${ready.artifactBytes} bytes`);
    await db.prisma.modelVersion.update({ where: { id: tampered }, data: { status: 'FAILED' } });
    await expect(loadModelVersion(db, tampered)).rejects.toThrow(`model version ${tampered} is FAILED, not READY, ACTIVE or RETIRED`);
    await expect(loadModelVersion(db, 999_999)).rejects.toThrow('model version 999999 does not exist');
  });

  it('leaves a FAILED run with the reason, and no READY version, when aborted (its training thread stopped)', async () => {
    const controller = new AbortController();
    const before = await db.prisma.modelVersion.count({ where: { status: 'READY' } });
    const run = trainModelVersion({
      db, config, evaluation,
      offThread: true,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'meta:id') controller.abort(new Error('stopped by an admin'));
      },
    });
    await expect(run).rejects.toThrow('stopped by an admin');
    const failed = await db.prisma.trainingRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'aborted: stopped by an admin' });
    const version = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: failed.modelVersionId! } });
    expect(version).toMatchObject({ status: 'FAILED', artifactBytes: null, artifactSha256: null });
    expect(await db.prisma.modelVersion.count({ where: { status: 'READY' } })).toBe(before);
  });

  // A whole training to reach the store stage; the chunks' writes and deletes are tested on both kinds in
  // artifact-chunks.test.ts, so once, on the embedded default.
  it.runIf(kind === 'pglite')('aborted once a chunk of its artifact is written, leaves no chunk behind', async () => {
    const controller = new AbortController();
    const run = trainModelVersion({
      db, config, evaluation,
      signal: controller.signal,
      // A store stage past 0 has written (and read back the row of) at least one chunk.
      onProgress: (p) => {
        if (p.stage === 'store' && p.stageFraction > 0) controller.abort(new Error('stopped while storing'));
      },
    });
    await expect(run).rejects.toThrow('stopped while storing');
    const failed = await db.prisma.trainingRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'aborted: stopped while storing' });
    expect(await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: failed.modelVersionId! } })).toMatchObject({ status: 'FAILED', artifactBytes: null, artifactSha256: null });
    expect(await db.prisma.modelArtifactChunk.count({ where: { modelVersionId: failed.modelVersionId! } })).toBe(0);
  });

  it('says what to do when the database holds nothing to learn from, and records that as the reason', async () => {
    const empty = await create();
    try {
      await expect(trainModelVersion({ db: empty, config, evaluation })).rejects.toThrow('the database has no items to train on: import a dataset first (npx fewshot import DIR)');
      expect(await empty.prisma.trainingRun.findFirstOrThrow()).toMatchObject({ status: 'FAILED', error: 'the database has no items to train on: import a dataset first (npx fewshot import DIR)' });
      await empty.prisma.item.create({ data: { externalId: 'lonely', title: 'Lonely' } });
      await expect(trainModelVersion({ db: empty, config, evaluation })).rejects.toThrow('the database has items but no interactions to learn from');
    } finally {
      await empty.dispose();
    }
  });

  it('runs a QUEUED run it is given, and refuses one that is not queued', async () => {
    const queued = await db.prisma.trainingRun.create({ data: { status: 'QUEUED' } });
    const controller = new AbortController();
    controller.abort(new Error('not now'));
    await expect(trainModelVersion({ db, config, evaluation, runId: queued.id, signal: controller.signal })).rejects.toThrow('not now');
    expect(await db.prisma.trainingRun.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: 'FAILED', error: 'aborted: not now' });
    await expect(trainModelVersion({ db, config, evaluation, runId: queued.id })).rejects.toThrow(`training run ${queued.id} does not exist or is not QUEUED`);
  });
});
