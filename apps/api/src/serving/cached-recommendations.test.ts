import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { warmUpItems } from '@fewshot/pipeline/warmup';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLoaders } from '../loaders/index.ts';
import { deleteUser } from '../services/delete-user.ts';
import { mergeUsers } from '../services/merge-users.ts';
import { recordInteractions } from '../services/record-interactions.ts';
import { ChangeFeed } from './change-feed.ts';
import { recommend, type RecommendRequest } from './recommend.ts';
import { createServing, type Serving } from './serving-state.ts';

// Both engines: PGlite notifies before the writing query resolves, PostgreSQL a moment later on another connection.
const targets = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_RESULT_CACHE: 100, FEWSHOT_ITEM_CACHE: 1_000 };

/** Waits until `check` holds: a write made by another connection (the CLI, another replica) reaches this one so. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(targets)('recommendations kept between requests on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  let serving: Serving;
  /** Keeps nothing (both caches off): it still follows the database's notifications for promotions. */
  let uncached: Serving;
  const ask = (request: Partial<RecommendRequest>) => recommend(db, serving.registry, { first: 10, excludeSeen: true, ...request }, serving.settings, { results: serving.results });
  const stats = () => serving.results.stats();

  beforeAll(async () => {
    db = await create();
    await seedDemoSlice(db);
    await promoteModelVersion(db, (await trainTinyVersion(db)).versionId);
    serving = createServing(db, settings, () => undefined);
    await serving.followChanges(db);
    await serving.registry.start();
    uncached = createServing(db, { ...settings, FEWSHOT_RESULT_CACHE: 0, FEWSHOT_ITEM_CACHE: 0 }, () => undefined);
    await uncached.followChanges(db);
    await uncached.registry.start();
  });
  afterAll(async () => {
    await uncached?.close();
    await serving?.close();
    await db?.dispose();
  });

  it('answers a repeated request from memory, the same answer, and a different request afresh', async () => {
    const before = stats();
    const first = await ask({ userId: 'u3' });
    const again = await ask({ userId: 'u3' });
    expect(again).toEqual(first);
    expect(await ask({ userId: 'u3', first: 5 })).toMatchObject({ items: first.items.slice(0, 5) });
    expect(stats()).toMatchObject({ hits: before.hits + 1, misses: before.misses + 2 });
  });

  it('reflects an event recorded by anyone: this process, or another writer on the database', async () => {
    await recordInteractions(db, [{ userId: 'newcomer', itemId: 'm12' }, { userId: 'newcomer', itemId: 'm40' }]);
    const before = await ask({ userId: 'newcomer' });
    expect(before.historyLength).toBe(2);
    expect(await ask({ userId: 'newcomer' })).toEqual(before);
    // Another writer: plain SQL on another connection, as `fewshot import` or another replica would write. Its
    // commit came before the next request, so the next answer reflects it, whichever connection delivers the news.
    const top = before.items[0]!.itemId;
    await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) SELECT id, $1, now() FROM users WHERE external_id = 'newcomer'`, [top]);
    const after = await ask({ userId: 'newcomer' });
    expect(after.historyLength).toBe(3);
    expect(after.items.map((i) => i.itemId)).not.toContain(top);
    // Another user's answer stayed kept meanwhile.
    const hits = stats().hits;
    await ask({ userId: 'u3' });
    expect(stats().hits).toBe(hits + 1);
  });

  it('forgets a deleted user before its next answer, whoever deletes them: their kept list and adapted modules go', async () => {
    const adaptations = () => serving.registry.use(async (model) => model!.adaptations.size);
    const idOf = async (externalId: string) => (await db.prisma.user.findUniqueOrThrow({ where: { externalId } })).id;
    await recordInteractions(db, ['m12', 'm40', 'm41'].map((itemId) => ({ userId: 'leaving', itemId })).concat(['m7', 'm9', 'm10'].map((itemId) => ({ userId: 'left', itemId }))));
    for (const user of ['leaving', 'left']) {
      expect(await ask({ userId: user })).toMatchObject({ fewShot: true });
      await ask({ userId: user });
    }
    const entries = stats().entries;
    const adapted = await adaptations();
    // Through this process (what the deleteUser mutation does), then by another writer: plain SQL, the cascade
    // taking the events, as another replica or an operator would.
    const leaving = await idOf('leaving');
    expect(await deleteUser(db, 'leaving')).toMatchObject({ deletedInteractions: 3 });
    serving.changed({ table: 'users', ids: [leaving] });
    expect(stats().entries).toBe(entries - 1);
    expect(await adaptations()).toBe(adapted - 1);
    await expect(ask({ userId: 'leaving' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await db.sql.query(`DELETE FROM users WHERE external_id = 'left'`);
    await expect(ask({ userId: 'left' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(stats().entries).toBe(entries - 2);
    expect(await adaptations()).toBe(adapted - 2);
  });

  it('reflects a merge made by another writer: the account\'s next answer uses the anonymous visitor\'s events', async () => {
    await recordInteractions(db, [{ userId: 'account', itemId: 'm5' }, { userId: 'visitor', itemId: 'm21' }, { userId: 'visitor', itemId: 'm33' }]);
    const before = await ask({ userId: 'account' });
    expect(before.historyLength).toBe(1);
    expect(await ask({ userId: 'account' })).toEqual(before);
    await ask({ userId: 'visitor' });
    // Another replica's mergeUsers: only the database's notifications (events moved, a user deleted) tell this one.
    expect(await mergeUsers(db, { from: 'visitor', into: 'account' })).toMatchObject({ movedInteractions: 2 });
    const after = await ask({ userId: 'account' });
    expect(after).toMatchObject({ historyLength: 3, fewShot: true });
    expect(after.items.map((i) => i.itemId)).not.toEqual(before.items.map((i) => i.itemId));
    await expect(ask({ userId: 'visitor' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('reuses the counts behind the list of users without history for a few seconds, and leaves a changed item out at once', async () => {
    const noHistory = async (replica: Serving) => (await recommend(db, replica.registry, { recentItemIds: [], first: 10, excludeSeen: true }, replica.settings, { results: replica.results, barrier: replica.requestBarrier(), counted: replica.counted })).items.map((i) => i.itemId);
    const listed = await noHistory(serving);
    const hits = serving.counted.hits;
    expect(await noHistory(serving)).toEqual(listed);
    expect(serving.counted.hits).toBe(hits + 1);
    // Another writer archives the list's first item: the next list leaves it out on both replicas.
    const top = listed[0]!;
    await db.sql.query(`UPDATE items SET status = 'ARCHIVED' WHERE id = $1`, [top]);
    expect(await noHistory(serving)).not.toContain(top);
    expect(await noHistory(uncached)).not.toContain(top);
    expect(uncached.counted.size).toBe(0);
    await db.sql.query(`UPDATE items SET status = 'ACTIVE' WHERE id = $1`, [top]);
    expect(await noHistory(serving)).toEqual(listed);
  });

  it('passes one barrier per request: a list answered from memory and its item rows share it', async () => {
    const request = { userId: 'u3', first: 10, excludeSeen: true };
    await ask(request);
    const sync = vi.spyOn(ChangeFeed.prototype, 'sync');
    try {
      const barrier = serving.requestBarrier();
      const list = await recommend(db, serving.registry, request, serving.settings, { results: serving.results, barrier });
      const rows = await createLoaders(db, serving.itemRows, barrier).itemById.loadMany(list.items.map((i) => i.itemId));
      expect(rows.every((row) => row !== null && !(row instanceof Error))).toBe(true);
      expect(sync).toHaveBeenCalledTimes(1);
      // The next request passes its own.
      await recommend(db, serving.registry, request, serving.settings, { results: serving.results, barrier: serving.requestBarrier() });
      expect(sync).toHaveBeenCalledTimes(2);
    } finally {
      sync.mockRestore();
    }
  });

  it('passes the barrier where nothing is kept too: the served catalog it ranks with follows the notifications', async () => {
    const request = { recentItemIds: ['m3', 'm9'], first: 10, excludeSeen: true };
    const sync = vi.spyOn(ChangeFeed.prototype, 'sync');
    try {
      await recommend(db, uncached.registry, request, uncached.settings, { results: uncached.results, barrier: uncached.requestBarrier() });
      expect(sync).toHaveBeenCalledTimes(1);
      // Without a cache at all (no `results`) the request's barrier is still passed.
      await recommend(db, uncached.registry, request, uncached.settings, { barrier: uncached.requestBarrier() });
      expect(sync).toHaveBeenCalledTimes(2);
    } finally {
      sync.mockRestore();
    }
  });

  it('forgets every answer when an item changes, and an item row when its item does', async () => {
    await ask({ recentItemIds: ['m3', 'm9'] });
    const loaders = createLoaders(db, serving.itemRows);
    expect((await loaders.itemById.load(3))?.title).toBe((await db.prisma.item.findUniqueOrThrow({ where: { id: 3 } })).title);
    expect(serving.itemRows.size).toBeGreaterThan(0);
    await db.prisma.item.update({ where: { id: 3 }, data: { title: 'Renamed' } });
    expect((await createLoaders(db, serving.itemRows).itemById.load(3))?.title).toBe('Renamed');
    expect(stats().entries).toBe(0);
  });

  it('places an item warmed up by another writer (a job worker) before its next request reads the catalog', async () => {
    const item = await db.prisma.item.create({ data: { externalId: `warmed-${kind}`, title: 'Warmed elsewhere', attributes: { genres: ['Comedy'] } } });
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: item.id, sourceSha256: 'x', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    const rows = serving.registry.status().catalogRows;
    // What the warm-up job does on a worker: compute and store the embeddings. Nothing tells this process directly.
    expect((await warmUpItems({ db, itemIds: [item.id] })).warmed).toEqual([item.id]);
    const request = { recentItemIds: ['m3', 'm9'], first: 100, filter: { genres: ['comedy'] } };
    const next = await recommend(db, serving.registry, { excludeSeen: true, ...request }, serving.settings, { results: serving.results, barrier: serving.requestBarrier() });
    expect(next.items.map((i) => i.itemId)).toContain(item.id);
    expect(serving.registry.status().catalogRows).toBe(rows + 1);
    // Scored, but not adapted on: a history of three with the new item among them leaves two the version knows.
    const withNew = await recommend(db, serving.registry, { first: 10, excludeSeen: true, recentItemIds: ['m3', `warmed-${kind}`, 'm9'] }, serving.settings);
    expect(withNew).toMatchObject({ source: 'MODEL', historyLength: 3, fewShot: false, fewShotReason: expect.stringMatching(/^3 events, 2 of them on items this version was trained on; it adapts on 3 or more/) });
    await eventually(async () => uncached.registry.status().catalogRows === rows + 1, 'the replica without caches places it too');
  });

  it('drops an item archived by another writer from its next answer, and lists it again once restored', async () => {
    const request = { recentItemIds: ['m3', 'm9'], first: 100, excludeSeen: true };
    const listed = async (replica: Serving) => (await recommend(db, replica.registry, request, replica.settings, { results: replica.results, barrier: replica.requestBarrier() })).items.map((i) => i.itemId);
    const top = (await listed(serving))[0]!;
    // Another replica's archiveItem: the status alone changes, no features, so no warm-up writes an embedding.
    await db.sql.query(`UPDATE items SET status = 'ARCHIVED' WHERE id = $1`, [top]);
    expect(await listed(serving)).not.toContain(top);
    expect(await listed(uncached)).not.toContain(top);
    await db.sql.query(`UPDATE items SET status = 'ACTIVE' WHERE id = $1`, [top]);
    expect(await listed(serving)).toContain(top);
    expect(await listed(uncached)).toContain(top);
  });

  it('follows a promotion or a retirement made by another writer at once, not at its next poll (60 s here)', async () => {
    const active = serving.registry.status().versionId!;
    await db.sql.query(`UPDATE model_versions SET status = 'RETIRED' WHERE id = $1`, [active]);
    await eventually(async () => serving.registry.status().versionId === null, 'the retired version stops serving');
    await eventually(async () => uncached.registry.status().versionId === null, 'it stops serving where nothing is kept too');
    expect((await ask({ userId: 'u3' })).source).toBe('POPULARITY');
    await db.sql.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now() WHERE id = $1`, [active]);
    await eventually(async () => serving.registry.status().versionId === active, 'the version serves again');
    await eventually(async () => uncached.registry.status().versionId === active, 'it serves again where nothing is kept too');
    expect((await ask({ userId: 'u3' })).source).toBe('MODEL');
  });

  it.runIf(kind === 'postgres')('stops keeping answers while the notification connection is down, and forgets what it kept', async () => {
    await ask({ userId: 'u3' });
    expect(stats().entries).toBeGreaterThan(0);
    const admin = await import('pg').then(({ default: pg }) => new pg.Client({ connectionString: db.url }));
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fewshot notifications'`);
    } finally {
      await admin.end();
    }
    await eventually(async () => !serving.results.enabled, 'caching stops');
    expect(stats().entries).toBe(0);
    const misses = stats().misses;
    await ask({ userId: 'u3' });
    await ask({ userId: 'u3' });
    expect(stats().misses).toBe(misses);
    await eventually(async () => serving.results.enabled, 'caching resumes once listening again');
    await ask({ userId: 'u3' });
    await ask({ userId: 'u3' });
    expect(stats()).toMatchObject({ misses: misses + 1, entries: 1 });
  });

  it('keeps nothing once closed', async () => {
    await serving.close();
    // closed: the feed no longer listens, so caching is off (and the registry closed: popularity answers).
    expect(serving.results.enabled).toBe(false);
    expect(serving.itemRows.enabled).toBe(false);
  });
});
