import os from 'node:os';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { copyModelVersion, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { scrape } from '../support/prometheus.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = await postgresUnavailableReason();
const METRICS_TOKEN = 'metrics-token-for-tests-0123';

const RECOMMEND = `query ($userId: ID, $recent: [ID!], $first: Int, $filter: RecommendationFilter) {
  recommendations(userId: $userId, recentItemIds: $recent, first: $first, filter: $filter) {
    source reason historyLength fewShot fewShotReason
    explanation { id text image }
    modelVersion { id name status }
    items { rank score becauseSimilarity because { id } item { id title genres } }
  }
}`;

interface RecommendationList {
  source: 'MODEL' | 'POPULARITY';
  reason: string | null;
  historyLength: number;
  fewShot: boolean;
  fewShotReason: string | null;
  explanation: { id: number | null; text: number | null; image: number | null } | null;
  modelVersion: { id: string; name: string; status: string } | null;
  items: Array<{ rank: number; score: number; becauseSimilarity: number | null; because: { id: string } | null; item: { id: string; title: string; genres: string[] } }>;
}

/**
 * A frontend's loop against the api process on PostgreSQL: popularity before any model, promotion, personalised
 * lists with their explanation, a click changing the next list, anonymous sequences, bad input, and a hot swap
 * under load, all over HTTP with API keys.
 */
describe.skipIf(!postgres)(`recommendations over HTTP on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  let api: Started;
  let url = '';
  let base = '';
  let versionId = 0;
  const keys = { frontend: '', merchandiser: '', admin: '' };
  const recommendations = async (variables: Record<string, unknown>, key = keys.frontend) => {
    const result = await postGraphQL<{ recommendations: RecommendationList }>(url, RECOMMEND, variables, key);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.recommendations;
  };
  const promote = (id: number | string, key = keys.admin) => postGraphQL<{ promoteModelVersion: { id: string; status: string } }>(url, 'mutation ($id: ID!) { promoteModelVersion(id: $id) { id status } }', { id: String(id) }, key);
  const record = (input: Record<string, unknown>) => postGraphQL<{ recordInteraction: { created: boolean; interaction: { id: string } } }>(url, 'mutation ($input: InteractionInput!) { recordInteraction(input: $input) { created interaction { id item { id } } } }', { input }, keys.frontend);

  beforeAll(async () => {
    db = await postgres!.create();
    await seedDemoSlice(db);
    versionId = (await trainTinyVersion(db)).versionId;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    url = `${base}/graphql`;
    api = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { DATABASE_URL: db.url!, PORT: String(port), FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '500', FEWSHOT_METRICS_TOKEN: METRICS_TOKEN });
    [keys.frontend, keys.merchandiser, keys.admin] = await Promise.all([
      createApiKeyWithCli('frontend', { DATABASE_URL: db.url! }),
      createApiKeyWithCli('merchandiser', { DATABASE_URL: db.url! }),
      createApiKeyWithCli('admin', { DATABASE_URL: db.url! }),
    ]);
    await waitUntil(async () => (await fetch(`${base}/health`)).ok, 120_000, 'the api to start', api.output);
  });

  afterAll(async () => {
    await api?.stop('SIGTERM');
    await db?.dispose();
  });

  it('serves popularity until a version is active, and says so', async () => {
    const list = await recommendations({ userId: 'u3', first: 5 });
    expect(list).toMatchObject({ source: 'POPULARITY', reason: 'no model version is active yet', explanation: null, fewShot: false, fewShotReason: null, modelVersion: null });
    expect(list.items.map((i) => i.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(list.items.every((i) => i.because === null && i.becauseSimilarity === null)).toBe(true);
    const health = (await (await fetch(`${base}/health`)).json()) as { serving: unknown };
    expect(health.serving).toEqual({ source: 'popularity', modelVersion: null, provider: null, catalogItems: 0, adaptationThreads: 0, cache: expect.objectContaining({ live: true, entries: 0 }) });
  });

  it('lets only an admin promote, and then serves the model with its explanation', async () => {
    expect((await promote(versionId, keys.frontend)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await promote(versionId, '')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const promoted = await promote(versionId);
    expect(promoted.data).toEqual({ promoteModelVersion: { id: String(versionId), status: 'ACTIVE' } });
    const list = await recommendations({ userId: 'u3', first: 10 });
    expect(list).toMatchObject({ source: 'MODEL', reason: null, modelVersion: { id: String(versionId), name: 'tiny', status: 'ACTIVE' } });
    expect(list.explanation!.image).toBeNull();
    expect(list.explanation!.id! + list.explanation!.text!).toBeCloseTo(1, 5);
    expect(list.items).toHaveLength(10);
    const health = (await (await fetch(`${base}/health`)).json()) as { serving: unknown };
    expect(health.serving).toEqual({ source: 'model', modelVersion: versionId, provider: 'cpu', catalogItems: 150, adaptationThreads: Math.max(1, os.availableParallelism() - 1), cache: expect.objectContaining({ live: true }) });
    const serving = await postGraphQL<{ serving: unknown }>(url, '{ serving { provider catalogItems coldThreshold newItemSlots newItemWithin error modelVersion { id status } } }', undefined, keys.frontend);
    expect(serving.data).toEqual({ serving: { provider: 'cpu', catalogItems: 150, coldThreshold: 20, newItemSlots: 1, newItemWithin: 50, error: null, modelVersion: { id: String(versionId), status: 'ACTIVE' } } });
  });

  it('changes a new user\'s next list after each click (few-shot path), and records a retried event once', async () => {
    expect((await record({ userId: 'visitor-1', itemId: 'm5', clientEventId: 'e1' })).data?.recordInteraction.created).toBe(true);
    expect((await record({ userId: 'visitor-1', itemId: 'm17', clientEventId: 'e2' })).data?.recordInteraction.created).toBe(true);
    const first = await recommendations({ userId: 'visitor-1' });
    // Two events: the meta-trained model as it is (adapting on their one sample made the next pick worse).
    expect(first).toMatchObject({ source: 'MODEL', historyLength: 2, fewShot: false, fewShotReason: expect.stringMatching(/^2 events; this version adapts on 3 or more \(bounded.minHistory/) });
    const clicked = first.items[0]!.item.id;
    expect((await record({ userId: 'visitor-1', itemId: clicked, clientEventId: 'e3', kind: 'CLICK' })).data?.recordInteraction.created).toBe(true);
    expect((await record({ userId: 'visitor-1', itemId: clicked, clientEventId: 'e3', kind: 'CLICK' })).data?.recordInteraction.created).toBe(false);
    const next = await recommendations({ userId: 'visitor-1' });
    expect(next).toMatchObject({ historyLength: 3, fewShot: true, fewShotReason: '3 events, fewer than the cold threshold (20): the model adapted to them before ranking' });
    expect(next.items.map((i) => i.item.id)).not.toContain(clicked);
    expect(next.items.map((i) => i.item.id)).not.toEqual(first.items.map((i) => i.item.id));
    // Each item with the one of the user's three events it is most like: "because you clicked …".
    for (const item of next.items) {
      expect(['m5', 'm17', clicked]).toContain(item.because?.id);
      expect(item.becauseSimilarity).toBeGreaterThanOrEqual(-1);
      expect(item.becauseSimilarity).toBeLessThanOrEqual(1);
    }
    const batch = await postGraphQL<{ recordInteractions: { recorded: number; duplicates: number } }>(url, 'mutation ($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { recorded duplicates } }', {
      inputs: [{ userId: 'visitor-2', itemId: 'm1', clientEventId: 'b1' }, { userId: 'visitor-2', itemId: 'm2', clientEventId: 'b2' }, { userId: 'visitor-1', itemId: clicked, clientEventId: 'e3' }],
    }, keys.frontend);
    expect(batch.data).toEqual({ recordInteractions: { recorded: 2, duplicates: 1 } });
  });

  it('recommends for an anonymous sequence without a user record, with genre filters', async () => {
    const list = await recommendations({ recent: ['m3', 'm9', 'm27'], first: 8, filter: { genres: ['comedy'] } });
    expect(list).toMatchObject({ source: 'MODEL', historyLength: 3, fewShot: true });
    expect(list.items.every((i) => i.item.genres.includes('Comedy'))).toBe(true);
    expect(list.items.map((i) => i.item.id)).not.toContain('m3');
    expect(await db.prisma.user.count({ where: { externalId: { startsWith: 'anon' } } })).toBe(0);
    const similar = await postGraphQL<{ similarItems: Array<{ similarity: number; item: { id: string } }> }>(url, '{ similarItems(itemId: "m3", first: 5) { similarity item { id } } }', undefined, keys.merchandiser);
    expect(similar.data!.similarItems).toHaveLength(5);
    expect(similar.data!.similarItems.map((s) => s.item.id)).not.toContain('m3');
    const popular = await postGraphQL<{ popularItems: Array<{ rank: number }> }>(url, '{ popularItems(first: 3, window: ALL_TIME) { rank item { id } } }', undefined, keys.frontend);
    expect(popular.data!.popularItems.map((p) => p.rank)).toEqual([1, 2, 3]);
    // A visitor with nothing yet gets the counted list the version chose, reused for a few seconds (/health says so).
    const counted = async () => ((await (await fetch(`${base}/health`)).json()) as { serving: { cache: { countedLists: { hits: number; misses: number } } } }).serving.cache.countedLists;
    const before = await counted();
    const landing = await recommendations({ recent: [], first: 5 });
    expect(landing).toMatchObject({ source: 'POPULARITY', historyLength: 0, reason: expect.stringMatching(/^no history to personalise from/) });
    expect(await recommendations({ recent: [], first: 5 })).toEqual(landing);
    expect(await counted()).toMatchObject({ hits: before.hits + 1, misses: before.misses + 1 });
  });

  it('answers bad input with a code and a message that says what to fix', async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      [RECOMMEND, { userId: 'nobody' }, 'NOT_FOUND', /there is no user "nobody"/],
      [RECOMMEND, { userId: 'u3', first: 1000 }, 'BAD_USER_INPUT', /first must be an integer from 1 to 100, got 1000/],
      [RECOMMEND, { userId: 'u3', recent: ['m1'] }, 'BAD_USER_INPUT', /either userId or recentItemIds/],
      [RECOMMEND, { recent: ['m1', 'no-such-item'] }, 'NOT_FOUND', /recentItemIds: no item with id "no-such-item"/],
      [RECOMMEND, { userId: 'u\u00003' }, 'BAD_USER_INPUT', /must not contain a NUL character/],
      ['query { recommendations(userId: "u3", first: 5, newItems: 6) { items { rank } } }', {}, 'BAD_USER_INPUT', /newItems must be a whole number from 0 to first \(5\), got 6/],
      ['query { recommendations(userId: "u3", newItems: -1) { items { rank } } }', {}, 'BAD_USER_INPUT', /newItems must be a whole number from 0 to first \(10\), got -1/],
      ['mutation ($input: InteractionInput!) { recordInteraction(input: $input) { created } }', { input: { userId: 'visitor-1', itemId: 'm9', clientEventId: 'e1' } }, 'BAD_USER_INPUT', /clientEventId "e1" was already used for another event/],
      ['mutation ($input: InteractionInput!) { recordInteraction(input: $input) { created } }', { input: { userId: 'visitor-1', itemId: 'm9', occurredAt: '2999-01-01T00:00:00Z' } }, 'BAD_USER_INPUT', /more than a day in the future/],
      ['mutation ($input: InteractionInput!) { recordInteraction(input: $input) { created } }', { input: { userId: 'visitor-1', itemId: 'ghost' } }, 'NOT_FOUND', /no item with id "ghost"/],
      ['mutation { promoteModelVersion(id: "999999") { id } }', {}, 'NOT_FOUND', /model version 999999 does not exist/],
      ['mutation { promoteModelVersion(id: "abc") { id } }', {}, 'BAD_USER_INPUT', /id must be a model version's number/],
    ];
    for (const [query, variables, code, message] of cases) {
      const result = await postGraphQL(url, query, variables, keys.admin);
      expect(result.errors?.[0], `${JSON.stringify(variables)}`).toMatchObject({ extensions: { code } });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    expect((await recommendations({ userId: 'u3' }, keys.frontend)).source).toBe('MODEL');
    // Every item says whether a new-item slot placed it, whether it is new to the version and whether it was added
    // after training: none here, where every item had events the version trained on.
    const slotted = await postGraphQL<{ recommendations: { items: Array<{ newItem: boolean }> } }>(url, 'query { recommendations(userId: "u3", first: 5, newItems: 2) { items { newItem newToVersion addedAfterTraining } } }', {}, keys.frontend);
    expect(slotted.data!.recommendations.items).toEqual(Array.from({ length: 5 }, () => ({ newItem: false, newToVersion: false, addedAfterTraining: false })));
    // A merchandiser sees recommendations (the console's previews) but cannot record a shopper's events.
    expect((await recommendations({ userId: 'u3' }, keys.merchandiser)).source).toBe('MODEL');
    const forbidden = await postGraphQL(url, 'mutation { recordInteraction(input: { userId: "u3", itemId: "m3" }) { created } }', {}, keys.merchandiser);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('measures how the lists a frontend showed its users were followed, for an admin only, leaving previews out', async () => {
    const OUTCOMES = `query ($since: DateTime, $within: Int, $version: ID) {
      recommendationOutcomes(since: $since, withinMinutes: $within, modelVersionId: $version) {
        withinMinutes sample retentionDays
        rows { modelVersion { id } path historyFrom historyTo lists followed followRate meanReciprocalRank stillOpen }
      }
    }`;
    type Outcomes = { recommendationOutcomes: { withinMinutes: number; sample: number; retentionDays: number; rows: Array<Record<string, unknown>> } };
    const outcomes = (variables: Record<string, unknown>, key = keys.admin) => postGraphQL<Outcomes>(url, OUTCOMES, variables, key);
    const since = new Date().toISOString();
    for (const itemId of ['m5', 'm17', 'm40']) expect((await record({ userId: 'reader-1', itemId })).errors).toBeUndefined();
    const shown = await recommendations({ userId: 'reader-1' });
    expect(shown).toMatchObject({ source: 'MODEL', historyLength: 3, fewShot: true });
    // The console's preview of the same user is not something the user saw, nor is an empty list.
    await recommendations({ userId: 'reader-1', first: 20 }, keys.merchandiser);
    expect((await recommendations({ userId: 'reader-1', filter: { genres: ['no such genre'] } })).items).toEqual([]);
    expect((await record({ userId: 'reader-1', itemId: shown.items[1]!.item.id, kind: 'CLICK' })).errors).toBeUndefined();
    // Lists are written in batches off the request: within about a second.
    await waitUntil(async () => ((await outcomes({ since })).data?.recommendationOutcomes.rows.length ?? 0) > 0, 10_000, 'the served list to be recorded', api.output);
    expect((await outcomes({ since, version: String(versionId) })).data).toEqual({
      recommendationOutcomes: {
        withinMinutes: 1440,
        sample: 1,
        retentionDays: 30,
        rows: [{ modelVersion: { id: String(versionId) }, path: 'FEW_SHOT', historyFrom: 3, historyTo: 4, lists: 1, followed: 1, followRate: 1, meanReciprocalRank: 0.5, stillOpen: 1 }],
      },
    });
    for (const key of [keys.frontend, keys.merchandiser]) expect((await outcomes({ since }, key)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await outcomes({ since, within: 0 })).errors?.[0]).toMatchObject({ message: 'withinMinutes must be a whole number from 1 to 10080 (a week), got 0', extensions: { code: 'BAD_USER_INPUT' } });
    expect((await outcomes({ since, version: 'latest' })).errors?.[0]).toMatchObject({ message: 'modelVersionId must be a model version\'s number, got "latest"', extensions: { code: 'BAD_USER_INPUT' } });

    // The same list on the user: what they were shown and what they took from it (for merchandisers and admins).
    const LISTS = `query ($within: Int) { user(id: "reader-1") { servedLists(first: 5, withinMinutes: $within) {
      totalCount nodes { servedAt path historyLength open modelVersion { id } items { rank newToVersion addedAfterTraining item { id } } followed { rank minutesAfter item { id } } } } } }`;
    type Lists = { user: { servedLists: { totalCount: number; nodes: Array<{ items: Array<{ rank: number; item: { id: string } }>; followed: { rank: number; minutesAfter: number; item: { id: string } } | null } & Record<string, unknown>> } } };
    const lists = await postGraphQL<Lists>(url, LISTS, {}, keys.merchandiser);
    expect(lists.errors).toBeUndefined();
    const [served] = lists.data!.user.servedLists.nodes;
    expect(lists.data!.user.servedLists.totalCount).toBe(1);
    expect(served).toMatchObject({ path: 'FEW_SHOT', historyLength: 3, open: true, modelVersion: { id: String(versionId) }, followed: { rank: 2, item: { id: shown.items[1]!.item.id } } });
    expect(served!.items.map((entry) => entry.item.id)).toEqual(shown.items.map((entry) => entry.item.id));
    expect(served!.followed!.minutesAfter).toBeGreaterThanOrEqual(0);
    expect((await postGraphQL(url, LISTS, {}, keys.frontend)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await postGraphQL(url, LISTS, { within: 0 }, keys.admin)).errors?.[0]).toMatchObject({ message: 'withinMinutes must be a whole number from 1 to 10080 (a week), got 0', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('merges an anonymous visitor into the account they sign in to: the account\'s next list is ranked from their events', async () => {
    const MERGE = 'mutation ($input: MergeUsersInput!) { mergeUsers(input: $input) { movedInteractions user { id interactionCount } } }';
    const merge = (input: Record<string, unknown>, key = keys.frontend) => postGraphQL<{ mergeUsers: unknown }>(url, MERGE, { input }, key);
    expect((await record({ userId: 'anon-7f3a', itemId: 'm5' })).errors).toBeUndefined();
    expect((await record({ userId: 'anon-7f3a', itemId: 'm17' })).errors).toBeUndefined();
    expect((await merge({ from: 'anon-7f3a', into: 'ada' }, keys.merchandiser)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await merge({ from: 'ada', into: 'ada' })).errors?.[0]).toMatchObject({ message: expect.stringMatching(/the same user \("ada"\)/), extensions: { code: 'BAD_USER_INPUT' } });
    expect((await merge({ from: ' ', into: 'ada' })).errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'input.from' } } });
    expect((await merge({ from: 'anon-7f3a', into: 'ada' })).data).toEqual({ mergeUsers: { movedInteractions: 2, user: { id: 'ada', interactionCount: 2 } } });
    expect(await recommendations({ userId: 'ada' })).toMatchObject({ source: 'MODEL', historyLength: 2 });
    // A retry of a merge that went through finds nothing left to move.
    expect((await merge({ from: 'anon-7f3a', into: 'ada' })).errors?.[0]).toMatchObject({ message: expect.stringMatching(/there is no user "anon-7f3a" to merge/), extensions: { code: 'NOT_FOUND' } });
  });

  it('deletes a user and their events for an admin only, and then answers for that id as for nobody', async () => {
    const DELETE = 'mutation ($id: ID!) { deleteUser(id: $id) { id deletedInteractions } }';
    const codeOf = async (id: string, key: string) => (await postGraphQL(url, DELETE, { id }, key)).errors?.[0]?.extensions?.code;
    expect(await codeOf('visitor-2', keys.frontend)).toBe('FORBIDDEN');
    expect(await codeOf('visitor-2', keys.merchandiser)).toBe('FORBIDDEN');
    expect(await codeOf('visitor-2', '')).toBe('UNAUTHENTICATED');
    expect(await codeOf('  ', keys.admin)).toBe('BAD_USER_INPUT');
    // Listed (and kept) before, so the deletion has something to forget.
    expect(await recommendations({ userId: 'visitor-2' })).toMatchObject({ source: 'MODEL', historyLength: 2 });
    expect((await postGraphQL(url, DELETE, { id: 'visitor-2' }, keys.admin)).data).toEqual({ deleteUser: { id: 'visitor-2', deletedInteractions: 2 } });
    const after = await postGraphQL(url, RECOMMEND, { userId: 'visitor-2' }, keys.frontend);
    expect(after.errors?.[0]).toMatchObject({ message: expect.stringMatching(/there is no user "visitor-2"/), extensions: { code: 'NOT_FOUND' } });
    const again = await postGraphQL(url, DELETE, { id: 'visitor-2' }, keys.admin);
    expect(again.errors?.[0]).toMatchObject({ message: 'there is no user "visitor-2" (deleted already, or never recorded)', extensions: { code: 'NOT_FOUND' } });
    expect((await postGraphQL(url, '{ user(id: "visitor-2") { id } }', undefined, keys.admin)).data).toEqual({ user: null });
    expect(await db.prisma.interaction.count({ where: { clientEventId: { in: ['b1', 'b2'] } } })).toBe(0);
    // The other visitor of that batch keeps every event.
    expect((await recommendations({ userId: 'visitor-1' })).historyLength).toBe(3);
  });

  it('leaves out an item deleted from the database since the model was loaded, instead of failing the list', async () => {
    const before = await recommendations({ recent: ['m3', 'm9'], first: 5 });
    const gone = before.items[0]!.item.id;
    await db.prisma.item.delete({ where: { externalId: gone } });
    const after = await recommendations({ recent: ['m3', 'm9'], first: 5 });
    expect(after.items.map((i) => i.item.id)).toEqual(before.items.slice(1).map((i) => i.item.id));
    expect(after.items.map((i) => i.rank)).toEqual([1, 2, 3, 4]);
    const similar = await postGraphQL<{ similarItems: Array<{ item: { id: string } }> }>(url, '{ similarItems(itemId: "m3", first: 20) { item { id } } }', undefined, keys.frontend);
    expect(similar.errors).toBeUndefined();
    expect(similar.data!.similarItems.map((s) => s.item.id)).not.toContain(gone);
  });

  it('leaves out an item archived by another writer from the very next similar items and list, and lists it again once restored', async () => {
    const similar = async () => {
      const result = await postGraphQL<{ similarItems: Array<{ item: { id: string } }> }>(url, '{ similarItems(itemId: "m3", first: 20) { item { id } } }', undefined, keys.frontend);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.similarItems.map((s) => s.item.id);
    };
    const listed = async () => (await recommendations({ recent: ['m3', 'm9'], first: 100 })).items.map((i) => i.item.id);
    const top = (await similar())[0]!;
    // Plain SQL on another connection, as another replica's archiveItem: only the database's notification tells
    // this api, and each request's barrier waits for it.
    await db.sql.query(`UPDATE items SET status = 'ARCHIVED' WHERE external_id = $1`, [top]);
    expect(await similar()).not.toContain(top);
    expect(await listed()).not.toContain(top);
    await db.sql.query(`UPDATE items SET status = 'ACTIVE' WHERE external_id = $1`, [top]);
    expect(await similar()).toContain(top);
    expect(await listed()).toContain(top);
  });

  it('swaps to another version under concurrent requests without failing one', async () => {
    const copy = await copyModelVersion(db, versionId, 'tiny again');
    // Sequences of catalog items that exist now (an earlier test deleted one; a fast client reaches any m-id).
    const known = (await db.sql.query<{ external_id: string }>(`SELECT external_id FROM items WHERE external_id ~ '^m[0-9]+$' ORDER BY id LIMIT 100`)).map((row) => row.external_id);
    let stop = false;
    const failures: string[] = [];
    const served = new Set<string>();
    const client = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const result = await postGraphQL<{ recommendations: RecommendationList }>(url, RECOMMEND, c % 2 ? { userId: `u${(c * 7 + i) % 40}` } : { recent: [known[i % known.length]!, known[((i % 50) + 1) % known.length]!] }, keys.frontend);
        if (result.status !== 200 || result.errors) failures.push(JSON.stringify(result.errors ?? result.status));
        else served.add(result.data!.recommendations.modelVersion!.name);
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await promote(copy)).data?.promoteModelVersion.status).toBe('ACTIVE');
    await waitUntil(async () => served.has('tiny again'), 30_000, 'the new version to serve');
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect([...served].sort()).toEqual(['tiny', 'tiny again']);
  });
  it('counts what it served for Prometheus, for the holder of the metrics token only', async () => {
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/Authorization: Bearer/) }] });
    expect((await scrape(`${base}/metrics`, keys.admin)).status).toBe(401); // an API key is not the metrics token
    const { status, contentType, samples } = await scrape(`${base}/metrics`, METRICS_TOKEN);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    // What the tests above did: popularity before any version, a visitor's list unadapted with two events and
    // adapted with three, a list asked for twice (the second from memory), an empty sequence's counted list, bad input.
    for (const path of ['no_model', 'cold_unadapted', 'few_shot', 'no_history']) expect(samples.value('fewshot_recommendations_total', { path, kept: 'false' }), path).toBeGreaterThanOrEqual(1);
    expect(samples.all('fewshot_recommendations_total').filter(({ labels }) => labels.kept === 'true').length).toBeGreaterThanOrEqual(1);
    expect(samples.value('fewshot_adaptation_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(samples.value('fewshot_recommendation_seconds_count', { path: 'few_shot', kept: 'false' })).toBe(samples.value('fewshot_recommendations_total', { path: 'few_shot', kept: 'false' }));
    expect(samples.value('fewshot_graphql_operations_total', { field: 'recommendations', outcome: 'ok' })).toBeGreaterThanOrEqual(10);
    expect(samples.value('fewshot_graphql_operations_total', { field: 'recommendations', outcome: 'NOT_FOUND' })).toBeGreaterThanOrEqual(2);
    expect(samples.value('fewshot_graphql_operations_total', { field: 'recordInteraction', outcome: 'FORBIDDEN' })).toBeGreaterThanOrEqual(1);
    expect(samples.value('fewshot_graphql_operation_seconds_count', { field: 'promoteModelVersion' })).toBeGreaterThanOrEqual(3);
    // Three events recorded one by one and two in a batch; the retried event acknowledged again, twice.
    expect(samples.value('fewshot_interactions_recorded_total', { outcome: 'created' })).toBeGreaterThanOrEqual(5);
    expect(samples.value('fewshot_interactions_recorded_total', { outcome: 'duplicate' })).toBeGreaterThanOrEqual(2);
    expect(samples.all('fewshot_model_info')).toEqual([{ labels: { version_id: expect.any(String), version_name: 'tiny again', provider: 'cpu' }, value: 1 }]);
    expect(samples.value('fewshot_serving_catalog_items')).toBeGreaterThan(100);
    expect(samples.value('fewshot_change_notifications_live')).toBe(1);
    expect(samples.value('fewshot_kept_lookups_total', { kept: 'lists', outcome: 'hit' })).toBeGreaterThanOrEqual(1);
    // The lists a frontend asked for known users, recorded for recommendationOutcomes (a list asked for again, as under
    // the swap's load, is the same list: repeated), none dropped.
    expect(samples.value('fewshot_served_lists_total', { outcome: 'recorded' })).toBeGreaterThanOrEqual(5);
    expect(samples.value('fewshot_served_lists_total', { outcome: 'repeated' })).toBeGreaterThanOrEqual(1);
    expect(samples.value('fewshot_served_lists_total', { outcome: 'dropped' })).toBe(0);
    expect(samples.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    // A client's text never becomes a label: the bad inputs above sent ids and a NUL character.
    expect(samples.all('fewshot_graphql_operations_total').every(({ labels }) => /^[A-Za-z_]+$/.test(labels.field!) && /^[A-Z_]+$|^ok$/.test(labels.outcome!))).toBe(true);
  });
});
