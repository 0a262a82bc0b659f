import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeatureOutcomes } from '../features/store-feature-outcomes.ts';
import { seedDemoSlice, trainTinyVersion } from '../testing/seed-demo-slice.ts';
import { loadModelVersion } from '../train/load-model-version.ts';
import { loadItemEmbeddings } from './item-embeddings.ts';
import { newItemVectors, type EncoderRecord } from './new-item-vectors.ts';
import { warmUpItems } from './warm-up-items.ts';
import { WarmupModelCache } from './warmup-model-cache.ts';

const TEXT = { modality: 'TEXT' as const, name: 'synthetic', version: '1', dimension: 6 };

describe.each(await testDatabaseTargets())('warmUpItems on $kind', ({ create }) => {
  let db: TestDatabase;
  let versionId: number;
  const models = new WarmupModelCache();
  const fresh: Record<'withText' | 'alsoText' | 'noFeatures', number> = { withText: 0, alsoText: 0, noFeatures: 0 };
  const text = (itemId: number, seed: number) =>
    storeFeatureOutcomes(db.sql, TEXT, [{ itemId, sourceSha256: `text-${itemId}-${seed}`, outcome: { ok: true, vector: Float32Array.from({ length: 6 }, (_, i) => Math.sin(seed * 7 + i)) } }]);
  const rows = () => db.prisma.itemEmbedding.findMany({ orderBy: { itemId: 'asc' }, select: { itemId: true, inputHash: true, updatedAt: true } });

  beforeAll(async () => {
    db = await create();
    await seedDemoSlice(db, { maxItems: 60 });
    ({ versionId } = await trainTinyVersion(db));
    for (const key of Object.keys(fresh) as Array<keyof typeof fresh>) {
      fresh[key] = (await db.prisma.item.create({ data: { externalId: `new-${key}`, title: `New ${key}` } })).id;
    }
    await text(fresh.withText, 1);
    await text(fresh.alsoText, 2);
  });
  afterAll(async () => {
    await models.close();
    await db?.dispose();
  });

  it('with no active version, every item is waiting and nothing is written', async () => {
    const given = await warmUpItems({ db, itemIds: [fresh.withText, fresh.noFeatures] });
    expect(given).toEqual({ versionId: null, warmed: [], unchanged: [], waiting: [fresh.withText, fresh.noFeatures], trained: [] });
    const all = await warmUpItems({ db });
    expect(all.versionId).toBeNull();
    expect(all.waiting).toHaveLength(await db.prisma.item.count({ where: { status: 'ACTIVE' } }));
    expect(await rows()).toEqual([]);
  });

  it('stores rows only for items the active version has none for; a second run computes and writes nothing', async () => {
    await db.sql.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now() WHERE id = $1`, [versionId]);
    const stages = new Set<string>();
    const first = await warmUpItems({ db, models, onProgress: (p) => stages.add(p.stage) });
    expect(first).toEqual({ versionId, warmed: [fresh.withText, fresh.alsoText], unchanged: [], waiting: [fresh.noFeatures], trained: [] });
    expect([...stages]).toEqual(['load', 'warm']);
    const written = await rows();
    expect(written.map((row) => row.itemId)).toEqual([fresh.withText, fresh.alsoText]);

    const again = await warmUpItems({ db, models });
    expect(again).toEqual({ versionId, warmed: [], unchanged: [fresh.withText, fresh.alsoText], waiting: [fresh.noFeatures], trained: [] });
    expect(await rows()).toEqual(written); // same hashes, same updated_at: not rewritten
  });

  it('re-warms just the item whose text changed, and lists given items the version was trained on', async () => {
    const before = await rows();
    await new Promise((resolve) => setTimeout(resolve, 5)); // updated_at has millisecond precision
    await text(fresh.withText, 3);
    const m1 = (await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'm1' } })).id;
    const result = await warmUpItems({ db, models, itemIds: [m1, fresh.withText, fresh.alsoText, fresh.noFeatures, fresh.withText] });
    expect(result).toEqual({ versionId, warmed: [fresh.withText], unchanged: [fresh.alsoText], waiting: [fresh.noFeatures], trained: [m1] });
    const after = await rows();
    expect(after[1]).toEqual(before[1]);
    expect(after[0]!.inputHash).not.toBe(before[0]!.inputHash);
    expect(after[0]!.updatedAt.getTime()).toBeGreaterThan(before[0]!.updatedAt.getTime());
    // What changed since the last read: only the re-warmed item.
    const since = await loadItemEmbeddings(db, versionId, { updatedSince: after[0]!.updatedAt });
    expect(since.map((row) => row.itemId)).toEqual([fresh.withText]);
  });

  it('loadItemEmbeddings gives back newItemVectors\' output bit for bit', async () => {
    const loaded = await loadModelVersion(db, versionId);
    try {
      const ids = [fresh.withText, fresh.alsoText];
      const computed = await newItemVectors(db, loaded.model, loaded.metadata.encoders as EncoderRecord, ids);
      const stored = await loadItemEmbeddings(db, versionId, { itemIds: [...ids, fresh.noFeatures] });
      expect(stored.map((row) => row.itemId)).toEqual(ids);
      for (const row of stored) {
        const expected = computed.get(row.itemId)!;
        expect(Object.keys(row.vectors).sort()).toEqual(Object.keys(expected).sort());
        expect(expected.id).toBeDefined();
        for (const key of ['id', 'text', 'image', 'neighbours'] as const) {
          const [a, b] = [row.vectors[key], expected[key]];
          expect(a?.constructor).toBe(b?.constructor);
          if (a && b) expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
        }
        expect(row.updatedAt).toBeInstanceOf(Date);
      }
      expect(await loadItemEmbeddings(db, versionId, { itemIds: [] })).toEqual([]);
      expect(await loadItemEmbeddings(db, versionId + 1000)).toEqual([]);
    } finally {
      await loaded.model.close();
    }
  });

  it('keeps one loaded model per version, and stops between chunks when aborted', async () => {
    expect(models.versionId).toBe(versionId);
    const [a, b] = await Promise.all([models.use(versionId, async (m) => m.model, db), models.use(versionId, async (m) => m.model, db)]);
    expect(a).toBe(b);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(warmUpItems({ db, models, signal: controller.signal })).rejects.toThrow('stopped');
    await expect(warmUpItems({ db, versionId: 987654 })).rejects.toThrow('model version 987654 does not exist');
    // A failed load is not kept: the held version is gone and the next use loads again.
    const other = new WarmupModelCache(db);
    await expect(other.use(987654, async () => 1)).rejects.toThrow('does not exist');
    expect(other.versionId).toBeUndefined();
    expect(await other.use(versionId, async (m) => m.trainedExternalIds.has('m1'))).toBe(true);
    await other.close();
  });

  it('deleting an item or a version deletes its rows', async () => {
    await db.prisma.item.delete({ where: { id: fresh.alsoText } });
    expect((await rows()).map((row) => row.itemId)).toEqual([fresh.withText]);
    await db.prisma.modelVersion.delete({ where: { id: versionId } });
    expect(await rows()).toEqual([]);
  });
});
