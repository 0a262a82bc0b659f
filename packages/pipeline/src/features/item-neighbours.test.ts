import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncoderRef } from './encoder-set.ts';
import { itemNeighbours } from './item-neighbours.ts';
import { storeFeatureOutcomes } from './store-feature-outcomes.ts';

const TEXT: EncoderRef = { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 3 };

describe.each(await testDatabaseTargets())('itemNeighbours on $kind', ({ create }) => {
  let db: TestDatabase;
  let ids: number[];
  const store = (itemId: number, vector: number[]) =>
    storeFeatureOutcomes(db.sql, TEXT, [{ itemId, sourceSha256: `s${itemId}:${vector.join(',')}`, outcome: { ok: true, vector: Float32Array.from(vector) } }]);

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c', 'd'].map((externalId) => ({ externalId, title: externalId })) });
    ids = (await db.prisma.item.findMany({ orderBy: { id: 'asc' } })).map((item) => item.id);
    const vectors = [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.8, 0.2]];
    for (const [i, vector] of vectors.entries()) await store(ids[i]!, vector);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('caches a set in item_neighbour_sets and reuses it, bit-equal, until a vector changes', async () => {
    const first = await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 });
    expect(first.fromCache).toBe(false);
    expect([...first.itemIds]).toEqual(ids);
    expect(first.neighbourIds[0]).toBe(ids[1]); // a's nearest is b
    expect(await db.prisma.itemNeighbourSet.count()).toBe(1);

    const cached = await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 });
    expect(cached.fromCache).toBe(true);
    expect(cached.itemIds).toEqual(first.itemIds);
    expect(cached.neighbourIds).toEqual(first.neighbourIds);
    expect(Buffer.from(cached.scores.buffer)).toEqual(Buffer.from(first.scores.buffer));

    // A smaller k is answered from the stored set; a larger one is computed and replaces it.
    const one = await itemNeighbours(db.sql, { encoders: [TEXT], k: 1 });
    expect(one.fromCache).toBe(true);
    expect([...one.neighbourIds]).toEqual([...first.neighbourIds].filter((_, i) => i % 2 === 0));
    const three = await itemNeighbours(db.sql, { encoders: [TEXT], k: 3 });
    expect(three.fromCache).toBe(false);
    expect((await db.prisma.itemNeighbourSet.findFirstOrThrow()).k).toBe(3);
    expect((await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 })).fromCache).toBe(true);

    // c moves next to a: recomputed, and the row replaced (still one per encoder set).
    await store(ids[2]!, [1, 0.05, 0]);
    const changed = await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 });
    expect(changed.fromCache).toBe(false);
    expect(changed.neighbourIds[0]).toBe(ids[2]);
    expect(await db.prisma.itemNeighbourSet.count()).toBe(1);
    expect((await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 })).fromCache).toBe(true);
    // Normalization is part of the key: its own row.
    expect((await itemNeighbours(db.sql, { encoders: [TEXT], k: 2, normalize: false })).fromCache).toBe(false);
    expect(await db.prisma.itemNeighbourSet.count()).toBe(2);
  });

  it('two computations of the same set at once both succeed', async () => {
    await store(ids[3]!, [0, 0.7, 0.3]);
    const both = await Promise.all([itemNeighbours(db.sql, { encoders: [TEXT], k: 2 }), itemNeighbours(db.sql, { encoders: [TEXT], k: 2 })]);
    // Whether the second found the first's row depends on timing; neither fails, and one row stays.
    expect(both.map((result) => result.fromCache)).toContain(false);
    expect(both[0].neighbourIds).toEqual(both[1].neighbourIds);
    expect(await db.prisma.itemNeighbourSet.count({ where: { normalize: true } })).toBe(1);
    expect((await itemNeighbours(db.sql, { encoders: [TEXT], k: 2 })).fromCache).toBe(true);
  });
});
