import { readEnv } from '../env.ts';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { describeFirstItems, parseFirstItemsPolicy } from '@fewshot/model/coldstart';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { copyModelVersion, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInteractions } from '../services/record-interactions.ts';
import { placeItems } from './place-items.ts';
import { recommend, type RecommendRequest } from './recommend.ts';
import { createServing, type Serving } from './serving-state.ts';
import { listReasons } from './list-reasons.ts';
import { similarItems } from './similar-items.ts';

// The embedded database is enough here: tests/ drives the same flows over HTTP on PostgreSQL.
const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000 };

describe('serving recommendations from the active model version', () => {
  let db: TestDatabase;
  let serving: Serving;
  let versionId: number;
  const logs: string[] = [];
  const ask = (request: Partial<RecommendRequest>) => recommend(db, serving.registry, { first: 10, excludeSeen: true, ...request }, serving.settings);
  const externalIds = async (ids: number[]) => {
    const rows = await db.prisma.item.findMany({ where: { id: { in: ids } }, select: { id: true, externalId: true } });
    const byId = new Map(rows.map((r) => [r.id, r.externalId]));
    return ids.map((id) => byId.get(id)!);
  };

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    versionId = (await trainTinyVersion(db)).versionId;
    serving = createServing(db, settings, (message) => logs.push(message));
    await serving.registry.start();
  });

  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('serves popularity, and says why, until a version is active', async () => {
    expect(serving.registry.status()).toMatchObject({ versionId: null, provider: null });
    const list = await ask({ userId: 'u3' });
    expect(list).toMatchObject({ source: 'POPULARITY', reason: 'no model version is active yet', weights: null, fewShot: false, modelVersion: null });
    expect(list.items).toHaveLength(10);
    const counts = list.items.map((i) => i.score);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('serves the promoted version: fused scores, weights summing to 1, nothing the user has seen', async () => {
    await promoteModelVersion(db, versionId);
    await serving.registry.refresh();
    expect(serving.registry.status()).toMatchObject({ versionId, provider: 'cpu', catalogRows: 150, lastError: null });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'u3' }, include: { interactions: true } });
    const list = await ask({ userId: 'u3', first: 20 });
    expect(list).toMatchObject({ source: 'MODEL', reason: null, historyLength: user.interactions.length, modelVersion: { id: versionId, name: 'tiny' } });
    expect(list.items).toHaveLength(20);
    expect(Object.keys(list.weights!)).toEqual(['id', 'text']);
    expect(Object.values(list.weights!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const seen = new Set(user.interactions.map((i) => i.itemId));
    expect(list.items.filter((i) => seen.has(i.itemId))).toEqual([]);
    expect(list.items.map((i) => i.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('ranks exactly as the trained TypeScript model does (ONNX graph, catalog rows and item ids line up)', async () => {
    const history = ['m3', 'm9', 'm27', 'm1'];
    const list = await ask({ recentItemIds: history, first: 5 });
    expect(list.fewShot).toBe(true);
    await serving.registry.use(async (model) => {
      const rows = Int32Array.from(history.map((id) => Number(id.slice(1))));
      const expected = model!.model.recommend(rows, { adapt: true });
      const ranked = Array.from(expected.scores.keys()).filter((row) => row > 0 && !rows.includes(row)).sort((a, b) => expected.scores[b]! - expected.scores[a]! || a - b);
      expect(await externalIds(list.items.map((i) => i.itemId))).toEqual(ranked.slice(0, 5).map((row) => `m${row}`));
      expect(list.items[0]!.score).toBeCloseTo(expected.scores[ranked[0]!]!, 4);
      expect(list.weights!.id).toBeCloseTo(expected.weights.id!, 4);
    });
  });

  it('says which item of the history each recommended item is most like ("because"), by similarItems\' measure', async () => {
    // A warm user's list and an anonymous sequence's: the reason is always one of the events the model read (the
    // history's last maxLength).
    const maxLength = await serving.registry.use(async (model) => model!.maxLength);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'u3' }, include: { interactions: { orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: maxLength } } });
    const sequence = ['m3', 'm9', 'm27'];
    const sequenceIds = (await db.prisma.item.findMany({ where: { externalId: { in: sequence } }, select: { id: true } })).map((item) => item.id);
    for (const [request, read] of [[{ userId: 'u3' }, user.interactions.map((event) => event.itemId)], [{ recentItemIds: sequence }, sequenceIds]] as const) {
      const list = await ask(request);
      const reasons = await listReasons(serving.registry, list);
      // Worked out once per list, however many fields ask.
      expect(await listReasons(serving.registry, list)).toBe(reasons);
      const readSet = new Set<number>(read);
      for (const item of list.items) {
        const because = reasons.get(item.itemId)!;
        expect(readSet.has(because.itemId), `item ${item.itemId}`).toBe(true);
        // The most alike of them: similarItems of the listed item ranks nothing it read above the reason.
        const neighbours = await serving.registry.use(async (model) => similarItems(model!, item.itemId, 200));
        const amongRead = neighbours.filter((entry) => readSet.has(entry.itemId));
        expect(amongRead[0]!.similarity).toBeCloseTo(because.similarity, 5);
        expect(amongRead.find((entry) => entry.itemId === because.itemId)!.similarity).toBeCloseTo(amongRead[0]!.similarity, 5);
      }
    }
    // Popularity gives no reason.
    expect((await listReasons(serving.registry, await ask({}))).size).toBe(0);
  });

  it('adapts to cold users (few-shot) and not to warm ones, and caches each cold user\'s adaptation', async () => {
    const counts = await db.sql.query<{ external_id: string; n: number }>('SELECT u.external_id, count(*)::int AS n FROM interactions x JOIN users u ON u.id = x.user_id GROUP BY u.external_id');
    const warm = counts.find((c) => c.n >= 20)!;
    const cold = counts.find((c) => c.n >= 3 && c.n < 20)!;
    // Each answer says why it took the few-shot path or not (fewShotReason), with the numbers that decided it.
    expect(await ask({ userId: warm.external_id })).toMatchObject({
      fewShot: false, source: 'MODEL', fewShotReason: `${warm.n} events, at or above the cold threshold (20): the meta-trained model ranked as it is, without adapting`,
    });
    // Fewer than bounded.minHistory (3) events are not adapted on: the meta-trained model answers alone.
    const tooFew = 'this version adapts on 3 or more (bounded.minHistory: fewer made the next pick worse): the meta-trained model ranked as it is, without adapting';
    expect(await ask({ recentItemIds: ['m5'] })).toMatchObject({ fewShot: false, source: 'MODEL', historyLength: 1, fewShotReason: `1 event; ${tooFew}` });
    expect(await ask({ recentItemIds: ['m5', 'm6'] })).toMatchObject({ fewShot: false, source: 'MODEL', historyLength: 2, fewShotReason: `2 events; ${tooFew}` });
    expect(await ask({ recentItemIds: [] })).toMatchObject({ source: 'POPULARITY', reason: expect.stringMatching(/^no history to personalise from/), modelVersion: null, fewShotReason: null });
    const hitsBefore = await serving.registry.use(async (model) => model!.adaptations.hits);
    const first = await ask({ userId: cold.external_id });
    const again = await ask({ userId: cold.external_id });
    expect(first).toMatchObject({ fewShot: true, source: 'MODEL', fewShotReason: `${cold.n} events, fewer than the cold threshold (20): the model adapted to them before ranking` });
    expect(again.items).toEqual(first.items);
    expect(await serving.registry.use(async (model) => model!.adaptations.hits)).toBe(hitsBefore + 1);
  });

  it('adapts once for a burst of concurrent requests on one history, and every request gets the same answer', async () => {
    const sequence = ['m11', 'm12', 'm13'];
    const runsBefore = await serving.registry.use(async (model) => model!.adaptationsRun);
    const answers = await Promise.all(Array.from({ length: 6 }, () => ask({ recentItemIds: sequence })));
    expect(await serving.registry.use(async (model) => model!.adaptationsRun)).toBe(runsBefore + 1);
    for (const answer of answers) expect(answer).toMatchObject({ fewShot: true, items: answers[0]!.items });
    // Another history adapts again.
    await ask({ recentItemIds: [...sequence, 'm14'] });
    expect(await serving.registry.use(async (model) => model!.adaptationsRun)).toBe(runsBefore + 2);
  });

  it('changes a cold user\'s next answer after a recorded interaction', async () => {
    await recordInteractions(db, [{ userId: 'newcomer', itemId: 'm12' }, { userId: 'newcomer', itemId: 'm40' }]);
    const before = await ask({ userId: 'newcomer' });
    expect(before).toMatchObject({ historyLength: 2, fewShot: false });
    const next = before.items[0]!.itemId;
    const [nextExternal] = await externalIds([next]);
    await recordInteractions(db, [{ userId: 'newcomer', itemId: nextExternal!, clientEventId: 'click-1' }]);
    const after = await ask({ userId: 'newcomer' });
    expect(after).toMatchObject({ historyLength: 3, fewShot: true });
    expect(after.items.map((i) => i.itemId)).not.toContain(next);
    expect(after.items).not.toEqual(before.items);
    // The same client event again changes nothing.
    const [again] = await recordInteractions(db, [{ userId: 'newcomer', itemId: nextExternal!, clientEventId: 'click-1' }]);
    expect(again!.created).toBe(false);
    expect((await ask({ userId: 'newcomer' })).historyLength).toBe(3);
  });

  it('filters by genre, excludes given items, never recommends archived items', async () => {
    const comedy = await ask({ userId: 'u3', filter: { genres: ['COMEDY'] } });
    const genres = await db.prisma.item.findMany({ where: { id: { in: comedy.items.map((i) => i.itemId) } }, select: { attributes: true } });
    expect(genres.every((g) => (g.attributes as { genres: string[] }).genres.includes('Comedy'))).toBe(true);
    const top = (await ask({ userId: 'u3' })).items[0]!.itemId;
    const [topExternal] = await externalIds([top]);
    expect((await ask({ userId: 'u3', filter: { excludeItemIds: [topExternal!] } })).items.map((i) => i.itemId)).not.toContain(top);
    await db.prisma.item.update({ where: { id: top }, data: { status: 'ARCHIVED' } });
    await placeItems(db, serving.registry, [top]); // what archiveItem does after the write
    expect((await ask({ userId: 'u3' })).items.map((i) => i.itemId)).not.toContain(top);
  });

  it('places an item added after training at once (warm-up: generator embedding from its features), and on every later load', async () => {
    const item = await db.prisma.item.create({ data: { externalId: 'brand-new', title: 'Brand New', attributes: { genres: ['Comedy'] } } });
    const bare = await db.prisma.item.create({ data: { externalId: 'no-features-yet', title: 'Bare' } });
    expect(await placeItems(db, serving.registry, [item.id, bare.id])).toEqual({ placed: [], waiting: [item.id, bare.id], versionId });
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: item.id, sourceSha256: 'x', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    expect(await placeItems(db, serving.registry, [item.id, bare.id])).toEqual({ placed: [item.id], waiting: [bare.id], versionId });
    expect(serving.registry.status().catalogRows).toBe(151);
    const now = await ask({ recentItemIds: ['m3', 'm9'], first: 100, filter: { genres: ['comedy'] } });
    expect(now.items.map((i) => i.itemId)).toContain(item.id);
    // Scored as the model scores the items it was trained without: by the generator's ID row alone (gain M = 2 on
    // the ID learner, 0 on the text learner, whose row for an unseen item carries no trained evidence).
    const gains = () => serving.registry.use(async (model) => Object.fromEntries(model!.learners.map((name) => [name, model!.catalog.tables(name).gain[150]])));
    expect(await gains()).toEqual({ id: 2, text: 0 });
    // Ranked among all items it stays out of a short list; a slot kept for new items shows it, mid-list and marked.
    const short = await ask({ recentItemIds: ['m3', 'm9'], first: 5 });
    expect(short.items.map((i) => i.itemId)).not.toContain(item.id);
    const slotted = await ask({ recentItemIds: ['m3', 'm9'], first: 5, newItems: 1 });
    expect(slotted.items.map((i) => [i.itemId, i.rank, i.newItem ?? false])).toEqual([
      [short.items[0]!.itemId, 1, false], [short.items[1]!.itemId, 2, false], [item.id, 3, true], [short.items[2]!.itemId, 4, false], [short.items[3]!.itemId, 5, false],
    ]);
    // Said to be added after training, slotted or ranked in on its own (the 100-item comedy list above): what a served list records.
    expect(slotted.items.filter((i) => i.addedAfterTraining).map((i) => i.itemId)).toEqual([item.id]);
    expect(now.items.filter((i) => i.addedAfterTraining).map((i) => [i.itemId, i.newItem ?? false])).toEqual([[item.id, false]]);
    // Only a new item the request allows: none is a drama, so the list is the one without a slot.
    const dramas = (newItems: number) => ask({ recentItemIds: ['m3', 'm9'], first: 5, newItems, filter: { genres: ['drama'] } });
    expect((await dramas(2)).items).toEqual((await dramas(0)).items);
    await expect(ask({ recentItemIds: ['m3', 'm9'], first: 5, newItems: 6 })).rejects.toMatchObject({ message: 'newItems must be a whole number from 0 to first (5), got 6', extensions: { code: 'BAD_USER_INPUT', details: { field: 'newItems' } } });
    // Bounded by rank: a slot goes to the new item only when it ranks within the top `newItemsWithin` of what the
    // request allows (here the comedies; `now` ranks every one of them), else the list keeps its own five.
    const place = now.items.findIndex((i) => i.itemId === item.id) + 1;
    expect(place).toBeGreaterThan(5);
    const comedies = (newItemsWithin?: number) => ask({ recentItemIds: ['m3', 'm9'], first: 5, newItems: 1, filter: { genres: ['comedy'] }, newItemsWithin });
    const plainComedies = await ask({ recentItemIds: ['m3', 'm9'], first: 5, filter: { genres: ['comedy'] } });
    expect((await comedies()).items.map((i) => [i.itemId, i.newItem ?? false])).toContainEqual([item.id, true]);
    expect((await comedies(place)).items.map((i) => [i.itemId, i.newItem ?? false])).toContainEqual([item.id, true]);
    expect((await comedies(place - 1)).items).toEqual(plainComedies.items);
    // Configured: one slot within the top 50 unless set (the replay's price: packages/model/README.md); `any` unbounds it.
    expect(() => readEnv({ FEWSHOT_NEW_ITEM_WITHIN: '-1' })).toThrow('FEWSHOT_NEW_ITEM_WITHIN: expected a whole number from 1 to 1,000,000');
    expect(readEnv({ FEWSHOT_NEW_ITEM_WITHIN: '0' }).FEWSHOT_NEW_ITEM_WITHIN).toBeUndefined();
    expect(readEnv({})).toMatchObject({ FEWSHOT_NEW_ITEM_SLOTS: 1, FEWSHOT_NEW_ITEM_WITHIN: 50 });
    expect(readEnv({ FEWSHOT_NEW_ITEM_WITHIN: '200' }).FEWSHOT_NEW_ITEM_WITHIN).toBe(200);
    expect(readEnv({ FEWSHOT_NEW_ITEM_WITHIN: 'any' }).FEWSHOT_NEW_ITEM_WITHIN).toBeUndefined();
    // 0: no bound, as without one.
    expect((await comedies(0)).items).toEqual((await comedies()).items);
    await expect(comedies(-1)).rejects.toMatchObject({ message: 'newItemsWithin must be a whole number ≥ 0 (how near the top of this user\'s ranking a new item must be to fill a slot; 0: anywhere), got -1', extensions: { code: 'BAD_USER_INPUT', details: { field: 'newItemsWithin' } } });
    // New features (an edited description) place it again, in place.
    const before = await serving.registry.use(async (model) => Float32Array.from(model!.catalog.tables('text').vectors.subarray(151 * 16, 152 * 16)));
    await db.sql.query(`DELETE FROM item_features WHERE item_id = $1`, [item.id]);
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: item.id, sourceSha256: 'y', outcome: { ok: true, vector: Float32Array.of(-2, 1, 0, 0.5, -1, 1) } }]);
    expect((await placeItems(db, serving.registry, [item.id])).placed).toEqual([item.id]);
    const after = await serving.registry.use(async (model) => Float32Array.from(model!.catalog.tables('text').vectors.subarray(151 * 16, 152 * 16)));
    expect(Array.from(after)).not.toEqual(Array.from(before));
    expect(serving.registry.status().catalogRows).toBe(151);
    const copy = await copyModelVersion(db, versionId, 'tiny copy');
    await promoteModelVersion(db, copy);
    await serving.registry.refresh();
    expect(serving.registry.status()).toMatchObject({ versionId: copy, catalogRows: 151 });
    expect(await gains()).toEqual({ id: 2, text: 0 });
    const list = await ask({ recentItemIds: ['m3', 'm9'], first: 100, filter: { genres: ['comedy'] } });
    expect(list.items.map((i) => i.itemId)).toContain(item.id);
  });

  it('refuses a corrupt artifact and keeps serving the previous version', async () => {
    const serving0 = serving.registry.status().versionId!;
    const bad = await copyModelVersion(db, versionId, 'corrupt', { corruptByteAt: 2000 });
    await promoteModelVersion(db, bad);
    await serving.registry.refresh();
    const status = serving.registry.status();
    expect(status.versionId).toBe(serving0);
    expect(status.lastError).toMatch(new RegExp(`model version ${bad} could not be loaded: .*sha256`));
    expect(logs.some((line) => line.includes(`version ${serving0} keeps serving`))).toBe(true);
    expect((await ask({ userId: 'u3' })).source).toBe('MODEL');
  });

  it('swaps versions under concurrent requests without failing one', async () => {
    await promoteModelVersion(db, versionId);
    const requests = Array.from({ length: 40 }, (_, i) => ask({ userId: `u${i % 20}` }));
    await serving.registry.refresh();
    const results = await Promise.allSettled([...requests, ...Array.from({ length: 10 }, (_, i) => ask({ recentItemIds: [`m${i + 1}`, `m${i + 2}`] }))]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(serving.registry.status().versionId).toBe(versionId);
  });

  it('answers a refresh asked for while a version loads with a check that sees a promotion made meanwhile', async () => {
    const [a, b] = [await copyModelVersion(db, versionId, 'tiny a'), await copyModelVersion(db, versionId, 'tiny b')];
    await promoteModelVersion(db, a);
    const loadingA = serving.registry.refresh(); // sees A and loads it (seconds)
    await promoteModelVersion(db, b);
    await serving.registry.refresh();
    expect(serving.registry.status().versionId).toBe(b);
    await loadingA;
  });

  it('serves users without history what the version\'s training chose for them, and says so', async () => {
    // The tiny version's training chose (its metrics say which); a copy told to count each user's first event.
    const [trained] = await db.sql.query<{ chosen: unknown }>(`SELECT metrics->'firstItems'->'chosen' AS chosen FROM model_versions WHERE id = $1`, [versionId]);
    const chosen = parseFirstItemsPolicy(trained?.chosen);
    expect(chosen).toEqual(trained?.chosen);
    const starters = await copyModelVersion(db, versionId, 'tiny, first events');
    await db.sql.query(`UPDATE model_versions SET metrics = jsonb_set(metrics, '{firstItems,chosen}', '{"kind": "first-events", "events": 1}') WHERE id = $1`, [starters]);
    await promoteModelVersion(db, starters);
    await serving.registry.refresh();
    await db.prisma.user.create({ data: { externalId: 'just-signed-up' } });
    const list = await ask({ userId: 'just-signed-up', first: 5 });
    expect(list).toMatchObject({ source: 'POPULARITY', historyLength: 0, modelVersion: null });
    expect(list.reason).toBe("no history to personalise from: the most picked over each user's first event, as this version's training chose for users without history");
    // Each seeded user's first event, counted: the list starts with the most frequent one.
    const firsts = await db.sql.query<{ item_id: number; n: number }>(
      `SELECT item_id, count(*)::int AS n FROM (SELECT DISTINCT ON (user_id) user_id, item_id FROM interactions ORDER BY user_id, occurred_at, id) f GROUP BY item_id ORDER BY n DESC LIMIT 1`,
    );
    expect(list.items[0]).toMatchObject({ itemId: firsts[0]!.item_id, score: firsts[0]!.n, rank: 1 });
    const anonymous = await ask({ recentItemIds: [], first: 5 });
    expect(anonymous.items).toEqual(list.items);
    await promoteModelVersion(db, versionId);
    await serving.registry.refresh();
    const own = await ask({ userId: 'just-signed-up', first: 5 });
    expect(own.reason).toBe(chosen.kind === 'all-time' ? 'no history to personalise from' : `no history to personalise from: the most picked over ${describeFirstItems(chosen)}, as this version's training chose for users without history`);
  });
});
