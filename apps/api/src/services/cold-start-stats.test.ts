import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { placeItems } from '../serving/place-items.ts';
import { createServing, type Serving } from '../serving/serving-state.ts';
import { coldStartStats } from './cold-start-stats.ts';
import { recordInteractions } from './record-interactions.ts';

// The embedded database is enough: the counts are plain SQL, and tests/ reads them over HTTP on PostgreSQL.
const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_ADAPTATION_THREADS: 0 };

describe('cold start now', () => {
  let db: TestDatabase;
  let serving: Serving;
  const stats = (days = 7) => coldStartStats(db, serving.registry, { days, coldThreshold: 20 });

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    serving = createServing(db, settings, () => {});
    await serving.registry.start();
  });
  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('counts no item as new while no version is active, and the slice\'s users (events years ago) as inactive', async () => {
    expect(await stats()).toEqual({ days: 7, newItems: 0, newItemsRecommendable: 0, newItemsWaiting: 0, waitingItemIds: [], itemsWithoutTrainingEvents: 0, newUsers: 0, activeUsers: 0, coldActiveUsers: 0, coldThreshold: 20, modelVersionId: null });
  });

  it('says which items the serving version was not trained on and whether it ranks them, and which active users are new or cold', async () => {
    // Catalogued before the training but never picked: new to the version without having been added since.
    const unpicked = await db.prisma.item.create({ data: { externalId: 'unpicked', title: 'Never picked' } });
    const { versionId } = await trainTinyVersion(db);
    await promoteModelVersion(db, versionId);
    await serving.registry.refresh();
    // Every item of the slice was in its training: none was added since. The ones it had no events for are counted
    // apart (the unpicked one among them), as the version's artifact lists them.
    const withoutData = await serving.registry.use(async (model) => Array.from(model!.model.itemsWithoutData));
    const unpickedRow = await serving.registry.use(async (model) => model!.catalog.rowOf(unpicked.id)!);
    expect(withoutData).toContain(unpickedRow);
    expect(await stats()).toMatchObject({ newItems: 0, itemsWithoutTrainingEvents: withoutData.length, modelVersionId: versionId });
    // Archived, it is no longer counted (archiveItem updates the served catalog so).
    await db.prisma.item.update({ where: { id: unpicked.id }, data: { status: 'ARCHIVED' } });
    await placeItems(db, serving.registry, [unpicked.id]);
    expect(await stats()).toMatchObject({ itemsWithoutTrainingEvents: withoutData.length - 1 });

    // Three items added since: one placed from its features, one without features yet, one archived (not counted).
    const [placed, waiting, archived] = await Promise.all(['placed', 'waiting', 'archived'].map((name) => db.prisma.item.create({ data: { externalId: `new-${name}`, title: `New ${name}` } })));
    await db.prisma.item.update({ where: { id: archived!.id }, data: { status: 'ARCHIVED' } });
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: placed!.id, sourceSha256: 'x', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    expect((await placeItems(db, serving.registry, [placed!.id, waiting!.id])).placed).toEqual([placed!.id]);

    // A new user with two events now, and a warm user of the slice (20 events or more) back today.
    const [warm] = await db.sql.query<{ external_id: string }>('SELECT u.external_id FROM users u JOIN interactions x ON x.user_id = u.id GROUP BY u.id HAVING count(*) >= 25 ORDER BY u.id LIMIT 1');
    const now = new Date();
    await recordInteractions(db, [
      { userId: 'newcomer', itemId: 'm3', occurredAt: new Date(now.getTime() - 60_000) },
      { userId: 'newcomer', itemId: 'm9', occurredAt: now },
      { userId: warm!.external_id, itemId: 'm5', occurredAt: now },
    ], now);

    expect(await stats()).toEqual({
      days: 7, newItems: 2, newItemsRecommendable: 1, newItemsWaiting: 1, waitingItemIds: [waiting!.id], itemsWithoutTrainingEvents: expect.any(Number),
      newUsers: 1, activeUsers: 2, coldActiveUsers: 1, coldThreshold: 20, modelVersionId: versionId,
    });
    // The items do not depend on the window; the users do (none of the slice's events is within a year).
    expect(await stats(1)).toMatchObject({ newItems: 2, newUsers: 1, activeUsers: 2 });

    // Events ahead of now (a client's clock fast) are not activity yet: a user with only those is neither new nor
    // active; one with an event now as well is both, counted with all their events.
    const ahead = new Date(now.getTime() + 2 * 60 * 60_000);
    await recordInteractions(db, [
      { userId: 'ahead-only', itemId: 'm3', occurredAt: ahead },
      { userId: 'ahead', itemId: 'm3', occurredAt: now },
      { userId: 'ahead', itemId: 'm4', occurredAt: ahead },
    ], now);
    expect(await stats()).toMatchObject({ newUsers: 2, activeUsers: 3, coldActiveUsers: 2 });
  });

  it('refuses a window outside 1 to 90 days, naming the field', async () => {
    const error = await stats(91).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).message, ((error as AppError).extensions.details as { field: string }).field]).toEqual(['days must be a whole number from 1 to 90, got 91', 'days']);
  });
});
