import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { exportModelVersion, importModelVersion, promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeItems } from './place-items.ts';
import { recommend, type RecommendRequest } from './recommend.ts';
import { createServing, type Serving } from './serving-state.ts';

const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000 };

interface Side {
  db: TestDatabase;
  serving: Serving;
}

/**
 * A version trained in one database, exported and imported into another whose items have other database ids (one
 * item more, first), ranks there exactly as it does where it was trained: the artifact names items by the client's
 * ids, and serving places them by those.
 */
describe('a model version imported from another database', () => {
  const sides: Side[] = [];
  let dir: string;

  const start = async (db: TestDatabase, versionId: number): Promise<Side> => {
    await promoteModelVersion(db, versionId);
    const serving = createServing(db, settings, () => {});
    await serving.registry.start();
    const side = { db, serving };
    sides.push(side);
    return side;
  };
  const ask = async ({ db, serving }: Side, request: Partial<RecommendRequest>) => {
    const list = await recommend(db, serving.registry, { first: 10, excludeSeen: true, ...request }, serving.settings);
    const rows = await db.prisma.item.findMany({ where: { id: { in: list.items.map((i) => i.itemId) } }, select: { id: true, externalId: true } });
    const externalIds = new Map(rows.map((r) => [r.id, r.externalId]));
    return { source: list.source, fewShot: list.fewShot, weights: list.weights, items: list.items.map((i) => ({ id: externalIds.get(i.itemId), score: i.score })), dbIds: list.items.map((i) => i.itemId) };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-imported-'));
    const trainedIn = await target!.create();
    await seedDemoSlice(trainedIn);
    const { versionId } = await trainTinyVersion(trainedIn);
    const file = path.join(dir, 'tiny.fewshot');
    await exportModelVersion(trainedIn, versionId, file);
    const servedIn = await target!.create();
    await servedIn.prisma.item.create({ data: { externalId: 'only-here', title: 'Only in this database' } });
    await seedDemoSlice(servedIn);
    const imported = await importModelVersion(servedIn, file);
    await start(trainedIn, versionId);
    await start(servedIn, imported.versionId);
  }, 120_000);
  afterAll(async () => {
    for (const { db, serving } of sides) {
      await serving.registry.close();
      await db.dispose();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('recommends the same items with the same scores and weights for the same history, by their ids', async () => {
    const [there, here] = sides as [Side, Side];
    for (const request of [{ recentItemIds: ['m3', 'm9', 'm27', 'm1'] }, { userId: 'u3' }, { recentItemIds: ['m40'] }]) {
      const [a, b] = [await ask(there, request), await ask(here, request)];
      expect(b.source).toBe('MODEL');
      expect(b.items.map((i) => i.id)).toEqual(a.items.map((i) => i.id));
      b.items.forEach((item, i) => expect(item.score).toBeCloseTo(a.items[i]!.score, 5));
      expect(b.weights).toEqual(a.weights);
      expect(b.fewShot).toBe(a.fewShot);
      // The same items under other database ids: nothing lines up by accident.
      expect(b.dbIds).not.toEqual(a.dbIds);
    }
  });

  it('places the item only the new database has from its features, as any item added after training', async () => {
    const [, here] = sides as [Side, Side];
    const onlyHere = await here.db.prisma.item.findUniqueOrThrow({ where: { externalId: 'only-here' } });
    // Without features it waits (the first test's lists, compared with the source's, did not have it).
    expect(await placeItems(here.db, here.serving.registry, [onlyHere.id])).toMatchObject({ placed: [], waiting: [onlyHere.id] });
    // Its text vector from the encoder the version was trained with (seedDemoSlice's synthetic@1).
    await storeFeatureOutcomes(here.db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [
      { itemId: onlyHere.id, sourceSha256: 'only-here', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } },
    ]);
    expect(await placeItems(here.db, here.serving.registry, [onlyHere.id])).toMatchObject({ placed: [onlyHere.id], waiting: [] });
    // Ranked among the others: the whole catalog (151 items) in two pages holds it.
    const page1 = await ask(here, { recentItemIds: ['m3'], first: 100, excludeSeen: false });
    const page2 = await ask(here, { recentItemIds: ['m3'], first: 100, excludeSeen: false, filter: { excludeItemIds: page1.items.map((i) => i.id!) } });
    expect([...page1.items, ...page2.items].map((i) => i.id).sort()).toContain('only-here');
    expect(page1.items.length + page2.items.length).toBe(151);
  });
});
