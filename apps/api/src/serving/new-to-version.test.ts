import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemReach } from './item-reach.ts';
import { placeItems } from './place-items.ts';
import { recommend, type RecommendRequest } from './recommend.ts';
import { createServing, type Serving } from './serving-state.ts';

// The embedded database is enough: what is tested is which rows serving calls new, not SQL.
const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 100, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_ADAPTATION_THREADS: 0 };
const TEXT = { modality: 'TEXT' as const, name: 'synthetic', version: '1', dimension: 6 };

/**
 * An item in the catalog when a version trains, but without an event its training sees, is as new to that version as
 * one added after it: the version learned nothing from its events (its ID row is the generator's). New-item slots
 * are for both; only the second is "added after training".
 */
describe('items new to the version', () => {
  let db: TestDatabase;
  let serving: Serving;
  let unpicked: number;
  let added: number;
  const ask = (request: Partial<RecommendRequest>) => recommend(db, serving.registry, { first: 5, excludeSeen: true, ...request }, serving.settings);

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    // Catalogued before training, never picked by anyone.
    unpicked = (await db.prisma.item.create({ data: { externalId: 'unpicked', title: 'Catalogued, never picked', attributes: { genres: ['Comedy'] } } })).id;
    await storeFeatureOutcomes(db.sql, TEXT, [{ itemId: unpicked, sourceSha256: 'u', outcome: { ok: true, vector: Float32Array.of(0.5, 1, -1, 0, 1.5, 0) } }]);
    const { versionId } = await trainTinyVersion(db);
    await promoteModelVersion(db, versionId);
    serving = createServing(db, settings, () => {});
    await serving.registry.start();
    // Added after training, placed from its features.
    added = (await db.prisma.item.create({ data: { externalId: 'added', title: 'Added after training', attributes: { genres: ['Comedy'] } } })).id;
    await storeFeatureOutcomes(db.sql, TEXT, [{ itemId: added, sourceSha256: 'a', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    expect((await placeItems(db, serving.registry, [added])).placed).toEqual([added]);
  });

  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('knows the items its version has no training events for, and calls them new beside the items added since', async () => {
    const rows = await serving.registry.use(async (model) => {
      const rowOf = (id: number) => model!.catalog.rowOf(id)!;
      return {
        withoutData: Array.from(model!.model.itemsWithoutData),
        unpicked: rowOf(unpicked), added: rowOf(added), numItems: model!.model.numItems,
        flags: [unpicked, added].map((id) => [model!.isNewToVersion(rowOf(id)), model!.addedAfterTraining(rowOf(id))]),
        // Every other row it calls new is one its training had no events for either.
        othersNew: Array.from({ length: model!.model.numItems }, (_, i) => i + 1).filter((row) => row !== rowOf(unpicked) && model!.isNewToVersion(row)),
      };
    });
    expect(rows.unpicked).toBeLessThanOrEqual(rows.numItems);
    expect(rows.added).toBe(rows.numItems + 1);
    expect(rows.withoutData).toContain(rows.unpicked);
    expect(rows.flags).toEqual([[true, false], [true, true]]);
    expect(rows.othersNew).toEqual(rows.withoutData.filter((row) => row !== rows.unpicked));
  });

  it('gives either a new-item slot and marks which was added after training', async () => {
    // A user who ranks neither into a list of 5 on their own.
    const users = (await db.prisma.user.findMany({ select: { externalId: true }, orderBy: { id: 'asc' } })).map((u) => u.externalId);
    let checked = 0;
    for (const userId of users.slice(0, 40)) {
      const plain = await ask({ userId, newItems: 0, newItemsWithin: 0 });
      if (plain.items.some((item) => item.newToVersion)) continue;
      const slotted = await ask({ userId, newItems: 2, newItemsWithin: 0 });
      const placed = slotted.items.filter((item) => item.newItem);
      // Two slots, two items new to the version: both are placed (whichever of them the user's scores rank first).
      expect(placed.map((item) => item.itemId).sort((a, b) => a - b), userId).toEqual([unpicked, added].sort((a, b) => a - b));
      for (const item of placed) {
        expect(item.newToVersion, userId).toBe(true);
        expect(item.addedAfterTraining ?? false, userId).toBe(item.itemId === added);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('counts the unpicked item as new in its reach, slotted in every list given a slot', async () => {
    const asServed = await itemReach(db, serving.registry, { itemId: 'unpicked', users: 50, depth: 10, first: 0 }, serving.settings);
    expect(asServed).toMatchObject({ addedAfterTraining: false, newToVersion: true, notRanked: 0 });
    // With two slots per list and two new items, every checked user who has not had it gets it.
    const slotted = await itemReach(db, serving.registry, { itemId: 'unpicked', users: 50, depth: 10, first: 0, newItems: 2 }, serving.settings);
    expect(slotted.reached).toBe(slotted.usersChecked - slotted.alreadyHad);
    expect(slotted.reachedInNewItemSlot).toBeGreaterThan(asServed.reachedInNewItemSlot);
    // An item the version trained on is not new to it.
    expect(await itemReach(db, serving.registry, { itemId: 'm5', users: 1, depth: 10, first: 0 }, serving.settings)).toMatchObject({ addedAfterTraining: false, newToVersion: false });
  });
});
