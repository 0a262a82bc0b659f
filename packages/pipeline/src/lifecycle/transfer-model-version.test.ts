import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSlice, trainTinyVersion } from '../testing/seed-demo-slice.ts';
import { loadModelVersion } from '../train/load-model-version.ts';
import { promoteModelVersion } from './promote-model-version.ts';
import { createVersion } from './testing-versions.ts';
import { exportModelVersion, importModelVersion } from './transfer-model-version.ts';

const targets = await testDatabaseTargets();

describe('moving a model version between databases (export, import)', () => {
  let source: TestDatabase;
  let versionId: number;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-transfer-'));
    source = await targets[0]!.create();
    await seedDemoSlice(source);
    versionId = (await trainTinyVersion(source, 'trained there')).versionId;
    file = path.join(dir, 'version.fewshot');
    const exported = await exportModelVersion(source, versionId, file);
    expect(exported).toMatchObject({ versionId, name: 'trained there', file });
    expect((await readFile(file)).length).toBe(exported.bytes);
  }, 120_000);
  afterAll(async () => {
    await source?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  describe.each(targets)('into $kind', ({ create }) => {
    let target: TestDatabase;
    const versionCount = () => target.prisma.modelVersion.count();

    beforeAll(async () => {
      target = await create();
      // Another database's ids: one item more, first, so every item's database id differs from the source's.
      await target.prisma.item.create({ data: { externalId: 'only-here', title: 'Only in this database' } });
      await seedDemoSlice(target);
    });
    afterAll(async () => {
      await target?.dispose();
    });

    it('stores a READY version with the same artifact, metrics, config and encoders, and a run that says where it came from', async () => {
      const imported = await importModelVersion(target, file);
      expect(imported).toMatchObject({ name: 'trained there (imported)', items: { inModel: 150, inDatabase: 150 } });
      const [there, here] = await Promise.all([
        source.prisma.modelVersion.findUniqueOrThrow({ where: { id: versionId } }),
        target.prisma.modelVersion.findUniqueOrThrow({ where: { id: imported.versionId } }),
      ]);
      expect(here).toMatchObject({ status: 'READY', metrics: there.metrics, config: there.config, encoders: there.encoders, artifactBytes: there.artifactBytes, artifactSha256: there.artifactSha256 });
      const run = await target.prisma.trainingRun.findUniqueOrThrow({ where: { id: imported.runId } });
      const trainedRun = await source.prisma.trainingRun.findFirstOrThrow({ where: { modelVersionId: versionId } });
      expect(run).toMatchObject({ status: 'SUCCEEDED', modelVersionId: imported.versionId, progress: 1, report: trainedRun.report, config: trainedRun.config, startedAt: trainedRun.startedAt, finishedAt: trainedRun.finishedAt });
      expect(run.message).toMatch(new RegExp(`^imported from version\\.fewshot: version ${versionId} "trained there" of the database it was trained in, exported \\d{4}-`));
      // It loads here (its bytes checked against the sha256 recorded there); the api's serving maps its items by their
      // ids and ranks as the source database does (apps/api serving/imported-version.test.ts).
      const loaded = await loadModelVersion(target, imported.versionId);
      try {
        expect(loaded.metadata.itemExternalIds).toEqual(Array.from({ length: 150 }, (_, i) => `m${i + 1}`));
      } finally {
        await loaded.model.close();
      }
      expect(await promoteModelVersion(target, imported.versionId)).toMatchObject({ versionId: imported.versionId });
      const named = await importModelVersion(target, file, { name: '  production copy ' });
      expect(named.name).toBe('production copy');
    });

    it('refuses a damaged, cut or foreign file and a database without the items, writing nothing', async () => {
      const before = await versionCount();
      const bytes = await readFile(file);
      const damaged = Buffer.from(bytes);
      const at = damaged.length - 100;
      damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
      await writeFile(path.join(dir, 'damaged'), damaged);
      await expect(importModelVersion(target, path.join(dir, 'damaged'))).rejects.toThrow(/damaged is not a model version file fewshot can import: its artifact's sha256 \w+… is not the recorded \w+… \(damaged in transfer\?\)/);
      await writeFile(path.join(dir, 'cut'), bytes.subarray(0, bytes.length - 10));
      await expect(importModelVersion(target, path.join(dir, 'cut'))).rejects.toThrow(/its artifact holds \d+ bytes, the header says \d+ \(cut short in transfer\?\)/);
      await writeFile(path.join(dir, 'notes.txt'), 'id,title\n1,Some film\n');
      await expect(importModelVersion(target, path.join(dir, 'notes.txt'))).rejects.toThrow('its first line is not JSON');
      await writeFile(path.join(dir, 'other.json'), `${JSON.stringify({ format: 'something-else' })}\n`);
      await expect(importModelVersion(target, path.join(dir, 'other.json'))).rejects.toThrow('its header names format "something-else", not "fewshot-model-version"');
      await expect(importModelVersion(target, path.join(dir, 'missing'))).rejects.toThrow(`there is no file ${path.join(dir, 'missing')}`);
      // A name it cannot take is refused before the file is read.
      await expect(importModelVersion(target, path.join(dir, 'missing'), { name: ' ' })).rejects.toThrow('the version\'s name must be 1 to 200 characters');
      await expect(importModelVersion(target, file, { name: 'x'.repeat(201) })).rejects.toThrow('the version\'s name must be 1 to 200 characters');
      expect(await versionCount()).toBe(before);
      const empty = await create();
      try {
        await expect(importModelVersion(empty, file)).rejects.toThrow('this database holds none of the version\'s 150 items (by their ids, e.g. "m1"): import the catalog first');
        expect(await empty.prisma.modelVersion.count()).toBe(0);
      } finally {
        await empty.dispose();
      }
    });
  });

  it('exports only versions with a trained artifact, and leaves no file when it cannot write one', async () => {
    const failed = await createVersion(source, 'failed', { status: 'FAILED', artifact: false });
    await expect(exportModelVersion(source, failed, path.join(dir, 'failed'))).rejects.toThrow(`model version ${failed} is FAILED and has no trained artifact to export`);
    await expect(exportModelVersion(source, 987_654, path.join(dir, 'none'))).rejects.toThrow('there is no model version 987654');
    const into = path.join(dir, 'no-such-folder', 'version.fewshot');
    await expect(exportModelVersion(source, versionId, into)).rejects.toThrow(/ENOENT/);
    const aborted = new AbortController();
    aborted.abort(new Error('stop'));
    await expect(exportModelVersion(source, versionId, path.join(dir, 'aborted'), { signal: aborted.signal })).rejects.toThrow('stop');
    expect((await readdir(dir)).filter((name) => name.includes('partial') || name === 'aborted' || name === 'failed')).toEqual([]);
  });
});
