import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { DEFAULT_ENCODER_SPECS } from '@fewshot/features/encoder-spec';
import { posterPath } from '@fewshot/features/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, type EncoderRun } from './compute-features.ts';
import { encoderSetRecord } from './encoder-set.ts';
import { itemNeighbours } from './item-neighbours.ts';
import { listFeatureFailures } from './list-feature-failures.ts';
import { loadFeatureMatrix } from './load-feature-matrix.ts';
import { loadFeatureVectors } from './load-feature-vectors.ts';

// ML-1M ids of the shared posters (never committed; the image assertions skip when they are absent).
const POSTERS = { toyStory: posterPath(1), toyStory2: posterPath(3114), schindler: posterPath(527) };
const havePosters = Object.values(POSTERS).every(Boolean);
const SPECS = [DEFAULT_ENCODER_SPECS.TEXT, DEFAULT_ENCODER_SPECS.IMAGE];

const targets = await testDatabaseTargets();

describe.each(targets)('features on $kind (real encoders)', ({ create }) => {
  let db: TestDatabase;
  let dir: string;
  let runs: EncoderRun[];
  const ids: Record<string, number> = {};
  let notAnImageUri: string;

  beforeAll(async () => {
    db = await create();
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-features-'));
    const poster = POSTERS.toyStory ? await readFile(POSTERS.toyStory) : Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
    const truncated = path.join(dir, 'truncated.jpg');
    const notAnImage = path.join(dir, 'readme.jpg');
    await writeFile(truncated, poster.subarray(0, Math.floor(poster.length / 3)));
    await writeFile(notAnImage, 'not an image at all\n');
    notAnImageUri = pathToFileURL(notAnImage).href;
    const url = (file: string | undefined) => (file ? pathToFileURL(file).href : null);
    const items = [
      { key: 'toyStory', title: 'Toy Story', attributes: { year: 1995, genres: ['Animation', "Children's", 'Comedy'] }, imageUri: url(POSTERS.toyStory) },
      { key: 'toyStory2', title: 'Toy Story 2', attributes: { year: 1999, genres: ['Animation', "Children's", 'Comedy'] }, imageUri: url(POSTERS.toyStory2) },
      { key: 'schindler', title: "Schindler's List", attributes: { year: 1993, genres: ['Drama', 'War'] }, imageUri: url(POSTERS.schindler) },
      { key: 'emptyTitle', title: '  ', attributes: { genres: ['Comedy'] }, imageUri: url(POSTERS.toyStory2) },
      { key: 'truncated', title: 'Heat', attributes: { year: 1995 }, imageUri: pathToFileURL(truncated).href },
      { key: 'notAnImage', title: 'Casino', attributes: { year: 1995 }, imageUri: pathToFileURL(notAnImage).href },
      { key: 'missingFile', title: 'Fargo', attributes: { year: 1996 }, imageUri: pathToFileURL(path.join(dir, 'gone.jpg')).href },
      { key: 'noImage', title: 'Twelve Monkeys', attributes: { year: 1995 }, imageUri: null },
    ];
    for (const { key, ...data } of items) ids[key] = (await db.prisma.item.create({ data: { externalId: key, ...data } })).id;
    runs = await computeFeatures({ sql: db.sql, specs: SPECS, batchSize: 3 });
  });
  afterAll(async () => {
    await db?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  const featuresOf = (key: string) =>
    db.prisma.itemFeature.findMany({ where: { itemId: ids[key] as number }, orderBy: { modality: 'asc' } });

  it('stores one row per item × modality × encoder version, with vectors of the encoder dimension', async () => {
    const [text, image] = runs;
    expect(text?.encoder).toMatchObject({ modality: 'TEXT', name: 'use-lite', dimension: 512 });
    expect(image?.encoder).toMatchObject({ modality: 'IMAGE', name: 'mobilenet-v2', dimension: 1280 });
    expect(text).toMatchObject({ ready: 7, failed: 1 });
    // Without the posters, their four items have no image reference at all: no row, not a failure.
    expect(image).toMatchObject({ ready: havePosters ? 4 : 0, failed: 3 });
    const rows = await featuresOf('toyStory');
    expect(rows.map((row) => [row.modality, row.status, row.dimension, row.vector?.length ?? 0])).toEqual(
      havePosters ? [['TEXT', 'READY', 512, 2048], ['IMAGE', 'READY', 1280, 5120]] : [['TEXT', 'READY', 512, 2048]],
    );
    expect(encoderSetRecord(runs.map((run) => run.encoder))).toEqual({
      TEXT: { name: 'use-lite', version: text?.encoder.version, dimension: 512 },
      IMAGE: { name: 'mobilenet-v2', version: image?.encoder.version, dimension: 1280 },
    });
  });

  describe('bad input', () => {
    it('an empty title fails the text feature with a reason and keeps the image feature', async () => {
      const rows = await featuresOf('emptyTitle');
      expect(rows.find((row) => row.modality === 'TEXT')).toMatchObject({ status: 'FAILED', vector: null, error: expect.stringMatching(/^empty title/) });
      if (havePosters) expect(rows.find((row) => row.modality === 'IMAGE')).toMatchObject({ status: 'READY', dimension: 1280 });
    });

    it('truncated, non-image and missing files fail with readable reasons; their text features are kept', async () => {
      const reasons = Object.fromEntries(
        await Promise.all(['truncated', 'notAnImage', 'missingFile'].map(async (key) => {
          const rows = await featuresOf(key);
          expect(rows.find((row) => row.modality === 'TEXT')?.status).toBe('READY');
          return [key, rows.find((row) => row.modality === 'IMAGE')?.error];
        })),
      );
      expect(reasons).toEqual({
        truncated: expect.stringMatching(/^corrupt or truncated JPEG/),
        notAnImage: expect.stringMatching(/^not a JPEG or PNG image \(it starts with the text "not an image at"\)/),
        missingFile: expect.stringMatching(/^image file not found: .*gone\.jpg$/),
      });
      const { total, failures } = await listFeatureFailures(db.sql);
      expect(total).toBe(4);
      expect(failures.map((failure) => failure.externalId)).toContain('truncated');
    });

    it('an item without an image reference gets no image row (zeros in the model), not a failure', async () => {
      expect((await featuresOf('noImage')).map((row) => row.modality)).toEqual(['TEXT']);
    });
  });

  describe('resumability', () => {
    it('a rerun finds nothing missing', async () => {
      const again = await computeFeatures({ sql: db.sql, specs: SPECS, batchSize: 3 });
      expect(again.map(({ ready, failed }) => ready + failed)).toEqual([0, 0]);
    });

    it('after a crash mid-run, the rerun computes exactly what was not stored (the lost batch at most)', async () => {
      await db.prisma.itemFeature.deleteMany({ where: { modality: 'TEXT' } });
      let batches = 0;
      const crash = computeFeatures({
        sql: db.sql,
        specs: [DEFAULT_ENCODER_SPECS.TEXT],
        batchSize: 3,
        onBatch: () => {
          if (++batches === 2) throw new Error('simulated crash after the second batch was stored');
        },
      });
      await expect(crash).rejects.toThrow(/simulated crash/);
      expect(await db.prisma.itemFeature.count({ where: { modality: 'TEXT' } })).toBe(6);
      const [resumed] = await computeFeatures({ sql: db.sql, specs: [DEFAULT_ENCODER_SPECS.TEXT], batchSize: 3 });
      expect((resumed?.ready ?? 0) + (resumed?.failed ?? 0)).toBe(2);
      expect(await db.prisma.itemFeature.count({ where: { modality: 'TEXT' } })).toBe(8);
    });

    it('--retry-failed re-attempts failures and keeps their reasons when they fail again', async () => {
      const [retried] = await computeFeatures({ sql: db.sql, specs: [DEFAULT_ENCODER_SPECS.TEXT], batchSize: 3, retryFailed: true });
      expect(retried).toMatchObject({ ready: 0, failed: 1 });
      expect((await featuresOf('emptyTitle')).find((row) => row.modality === 'TEXT')?.error).toMatch(/^empty title/);
    });
  });

  describe('neighbours', () => {
    it.skipIf(!havePosters)('ranks Toy Story 2 first for Toy Story on text + image, and caches per encoder set', async () => {
      const encoders = runs.map((run) => run.encoder);
      const first = await itemNeighbours(db.sql, { encoders, k: 2 });
      const row = [...first.itemIds].indexOf(ids.toyStory as number);
      expect(first.neighbourIds[row * 2]).toBe(ids.toyStory2);
      expect(first.fromCache).toBe(false);
      const cached = await itemNeighbours(db.sql, { encoders, k: 2 });
      expect(cached.fromCache).toBe(true);
      expect([...cached.neighbourIds]).toEqual([...first.neighbourIds]);

      // Changed inputs invalidate the cache.
      await db.prisma.itemFeature.deleteMany({ where: { itemId: ids.schindler as number } });
      const changed = await itemNeighbours(db.sql, { encoders, k: 2 });
      expect(changed.fromCache).toBe(false);
      expect([...changed.itemIds]).not.toContain(ids.schindler);
    });

    it('aligns a modality\'s vectors to a model\'s item order, zeros where missing', async () => {
      const [text] = runs;
      const order = [ids.emptyTitle as number, ids.toyStory as number, 999_999];
      const { matrix, present } = await loadFeatureMatrix(db.sql, text?.encoder as EncoderRun['encoder'], order);
      expect([...present]).toEqual([0, 1, 0]);
      expect(matrix).toHaveLength(3 * 512);
      expect(matrix.subarray(0, 512).every((value) => value === 0)).toBe(true);
      expect(matrix.subarray(512, 1024).some((value) => value !== 0)).toBe(true);
    });

    it('reads vectors a few items at a time with the same result as all at once', async () => {
      for (const run of runs) {
        const encoder = run.encoder as EncoderRun['encoder'];
        const whole = await loadFeatureVectors(db.sql, encoder, { perQuery: 1_000_000 });
        expect(whole.size).toBeGreaterThan(2);
        expect(await loadFeatureVectors(db.sql, encoder, { perQuery: 2 })).toEqual(whole);
      }
    });

    it('loads only the requested encoder version', async () => {
      const [text] = runs;
      const other = await loadFeatureVectors(db.sql, { ...(text?.encoder as EncoderRun['encoder']), version: 'another-version' });
      expect(other.size).toBe(0);
    });
  });

  describe('changed items', () => {
    const sum = (run: EncoderRun | undefined) => ({ ready: run?.ready, failed: run?.failed, recomputed: run?.recomputed, removed: run?.removed });
    const row = async (key: string, modality: 'TEXT' | 'IMAGE') => (await featuresOf(key)).find((r) => r.modality === modality);

    it('recomputes exactly the features whose input changed, and drops an image vector whose reference was removed', async () => {
      await computeFeatures({ sql: db.sql, specs: SPECS, batchSize: 3 }); // catch up on what earlier tests deleted
      const before = await row('toyStory', 'TEXT');
      await db.prisma.item.update({ where: { id: ids.toyStory as number }, data: { title: 'Toy Story (original cut)' } });
      // A blank title was a failure; fixing it recomputes the feature without --retry-failed.
      await db.prisma.item.update({ where: { id: ids.emptyTitle as number }, data: { title: "A Bug's Life" } });
      // An attribute the item text does not use changes nothing.
      await db.prisma.item.update({ where: { id: ids.schindler as number }, data: { attributes: { year: 1993, genres: ['Drama', 'War'], director: 'Steven Spielberg' } } });
      await db.prisma.item.update({ where: { id: ids.noImage as number }, data: { imageUri: notAnImageUri } });
      await db.prisma.item.update({ where: { id: ids.truncated as number }, data: { imageUri: null } });

      const [text, image] = await computeFeatures({ sql: db.sql, specs: SPECS, batchSize: 3 });
      expect(sum(text)).toEqual({ ready: 2, failed: 0, recomputed: 2, removed: 0 });
      expect(sum(image)).toEqual({ ready: 0, failed: 1, recomputed: 0, removed: 1 });

      const after = await row('toyStory', 'TEXT');
      expect(after?.status).toBe('READY');
      expect(Buffer.compare(Buffer.from(after!.vector!), Buffer.from(before!.vector!))).not.toBe(0);
      expect(after?.sourceSha256).not.toBe(before?.sourceSha256);
      expect(await row('emptyTitle', 'TEXT')).toMatchObject({ status: 'READY', error: null, dimension: 512 });
      expect(await row('noImage', 'IMAGE')).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^not a JPEG or PNG/) });
      expect(await row('truncated', 'IMAGE')).toBeUndefined();

      const again = await computeFeatures({ sql: db.sql, specs: SPECS, batchSize: 3 });
      expect(again.map(sum)).toEqual([{ ready: 0, failed: 0, recomputed: 0, removed: 0 }, { ready: 0, failed: 0, recomputed: 0, removed: 0 }]);
    });

    it('recomputes a row written before inputs were fingerprinted', async () => {
      await db.sql.query(`UPDATE item_features SET source_sha256 = NULL WHERE item_id = $1 AND modality = 'TEXT'`, [ids.toyStory2]);
      const [text] = await computeFeatures({ sql: db.sql, specs: [DEFAULT_ENCODER_SPECS.TEXT], batchSize: 3 });
      expect(sum(text)).toEqual({ ready: 1, failed: 0, recomputed: 1, removed: 0 });
      expect((await row('toyStory2', 'TEXT'))?.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
