import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { inCandidateArm, promoteModelVersion, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { copyModelVersion, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { applyWarmedItems } from './apply-warmed-items.ts';
import { placeItems } from './place-items.ts';
import { recommend, type RecommendRequest } from './recommend.ts';
import { trialAdaptationThreads } from './model-registry.ts';
import { createServing, type Serving } from './serving-state.ts';

// The embedded database is enough here: tests/ drives trials over HTTP on PostgreSQL.
const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_ADAPTATION_THREADS: 0 };

describe('serving a trial beside the active version', () => {
  let db: TestDatabase;
  let serving: Serving;
  let control: number;
  let candidate: number;
  let users: string[];
  const logs: string[] = [];
  const ask = (request: Partial<RecommendRequest>) => recommend(db, serving.registry, { first: 10, excludeSeen: true, ...request }, serving.settings);
  /** Which version served each user. */
  const servedBy = async () => Object.fromEntries(await Promise.all(users.map(async (user) => [user, (await ask({ userId: user })).modelVersion?.id] as const)));

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    control = (await trainTinyVersion(db)).versionId;
    candidate = await copyModelVersion(db, control, 'tiny candidate');
    users = (await db.prisma.user.findMany({ select: { externalId: true }, orderBy: { id: 'asc' } })).map((u) => u.externalId);
    await promoteModelVersion(db, control);
    serving = createServing(db, settings, (message) => logs.push(message));
    await serving.registry.start();
  });

  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('serves the trial\'s version to the users drawn into its arm, the active one to everyone else', async () => {
    const trial = await startModelTrial(db, { candidateVersionId: candidate, share: 0.5 });
    await serving.registry.refresh();
    expect(serving.registry.status()).toMatchObject({ versionId: control, trial: { trialId: trial.id, share: 0.5, versionId: candidate, versionName: 'tiny candidate' }, trialError: null });
    const byUser = await servedBy();
    const expected = Object.fromEntries(users.map((user) => [user, inCandidateArm(trial.id, user, 0.5) ? candidate : control]));
    expect(byUser).toEqual(expected);
    // Both arms have users (the slice's users split about evenly), and the same user stays in theirs.
    const inTrial = users.filter((user) => expected[user] === candidate);
    expect(inTrial.length).toBeGreaterThan(users.length / 4);
    expect(inTrial.length).toBeLessThan((users.length * 3) / 4);
    expect(await servedBy()).toEqual(byUser);
    // An anonymous sequence has no user to draw: the active version.
    expect((await ask({ recentItemIds: ['m3', 'm9', 'm27'] })).modelVersion?.id).toBe(control);
    expect(logs.some((line) => line.includes(`trial ${trial.id}: model version ${candidate} (tiny candidate) serves 50% of users`))).toBe(true);
  });

  it('keeps both versions\' catalogs up to date: an archived item leaves both', async () => {
    const item = await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'm50' } });
    await db.prisma.item.update({ where: { id: item.id }, data: { status: 'ARCHIVED' } });
    await applyWarmedItems(db, serving.registry, [item.id]);
    const { active, trial } = await serving.registry.useEach(async (model) => model.catalog.entry(model.catalog.rowOf(item.id)!)!.active);
    expect({ active, trial }).toEqual({ active: false, trial: false });
    await db.prisma.item.update({ where: { id: item.id }, data: { status: 'ACTIVE' } });
    await applyWarmedItems(db, serving.registry, [item.id]);
  });

  it('serves everyone the active version once the trial stops, and its version once it is promoted', async () => {
    await stopModelTrial(db);
    await serving.registry.refresh();
    expect(serving.registry.status()).toMatchObject({ versionId: control, trial: null, trialError: null });
    expect(new Set(Object.values(await servedBy()))).toEqual(new Set([control]));
    expect(logs.some((line) => /trial \d+ ended: every user is served by the active version/.test(line))).toBe(true);

    await startModelTrial(db, { candidateVersionId: candidate, share: 0.2 });
    await serving.registry.refresh();
    expect(new Set(Object.values(await servedBy()))).toEqual(new Set([control, candidate]));
    const loaded = serving.registry.status().trial!.loadedAt;
    const { endedTrial } = await promoteModelVersion(db, candidate);
    expect(endedTrial?.status).toBe('PROMOTED');
    await serving.registry.refresh();
    // The trial's model itself now serves everyone: not loaded a second time.
    expect(serving.registry.status()).toMatchObject({ versionId: candidate, trial: null, loadedAt: loaded });
    expect(logs.some((line) => line.includes(`serving model version ${candidate} (tiny candidate), the trial's version, to every user`))).toBe(true);
    expect(new Set(Object.values(await servedBy()))).toEqual(new Set([candidate]));
  });

  it('serves the trial\'s users the active version when the trial\'s version cannot be loaded here, and says why', async () => {
    const bad = await copyModelVersion(db, control, 'corrupt', { corruptByteAt: 2000 });
    const trial = await startModelTrial(db, { candidateVersionId: bad, share: 0.9 });
    await serving.registry.refresh();
    const status = serving.registry.status();
    expect(status.trial).toBeNull();
    expect(status.trialError).toMatch(new RegExp(`trial ${trial.id}'s model version ${bad} could not be loaded: .*sha256`));
    expect(new Set(Object.values(await servedBy()))).toEqual(new Set([candidate]));
    await stopModelTrial(db);
    await serving.registry.refresh();
    expect(serving.registry.status().trialError).toBeNull();
  });

  it('gives a trial\'s version its share of the adaptation threads, and all of them once it is promoted', async () => {
    // Four threads for the active version: a trial on a quarter of the users gets one, not four more model copies.
    const threaded = createServing(db, { ...settings, FEWSHOT_ADAPTATION_THREADS: 4 }, (message) => logs.push(message));
    await threaded.registry.start();
    try {
      expect(serving.registry.status().versionId).toBe(candidate);
      // The control is RETIRED now (the promotion above): a retired version's trial loads it as it is.
      const trial = await startModelTrial(db, { candidateVersionId: control, share: 0.25 });
      await Promise.all([threaded.registry.refresh(), serving.registry.refresh()]);
      expect(threaded.registry.status()).toMatchObject({ versionId: candidate, adaptationThreads: 4, trial: { versionId: control, adaptationThreads: 1 } });
      // A user of the trial's arm adapts on its thread exactly as on the request thread (the other registry's).
      const user = users.find((u) => inCandidateArm(trial.id, u, 0.25))!;
      const history = Int32Array.from([3, 9, 27, 31]);
      const scores = (registry: Serving['registry']) => registry.use(async (model) => (await model!.score(history, { adapt: true })).scores, { subject: user });
      const expected = await scores(serving.registry);
      expect(await scores(threaded.registry)).toEqual(expected);
      // Promoted: it serves everyone at once, and adapts on all four threads as soon as they have started.
      await promoteModelVersion(db, control);
      await threaded.registry.refresh();
      expect(threaded.registry.status()).toMatchObject({ versionId: control, trial: null });
      expect(await scores(threaded.registry)).toEqual(expected);
      await expect.poll(() => threaded.registry.status().adaptationThreads, { timeout: 30_000 }).toBe(4);
      expect(logs).toContainEqual(expect.stringMatching(new RegExp(`model version ${control} adapts cold users on 4 threads now \\(1 while on trial\\)`)));
      expect(await scores(threaded.registry)).toEqual(expected);
    } finally {
      await threaded.close();
    }
  });
});

describe('serving a trial of new-item slots', () => {
  let db: TestDatabase;
  let serving: Serving;
  let users: string[];
  const logs: string[] = [];
  const ask = (request: Partial<RecommendRequest>) => recommend(db, serving.registry, { first: 5, excludeSeen: true, ...request }, serving.settings);

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    const { versionId } = await trainTinyVersion(db);
    users = (await db.prisma.user.findMany({ select: { externalId: true }, orderBy: { id: 'asc' } })).map((u) => u.externalId);
    await promoteModelVersion(db, versionId);
    serving = createServing(db, settings, (message) => logs.push(message));
    await serving.registry.start();
    // An item added after training, placed by the generator from its features.
    const item = await db.prisma.item.create({ data: { externalId: 'added-after', title: 'Added after training', attributes: { genres: ['Comedy'] } } });
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: item.id, sourceSha256: 'x', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    expect((await placeItems(db, serving.registry, [item.id])).placed).toEqual([item.id]);
  });

  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('gives the users drawn into its arm the slots on the active version, and everyone else the replica\'s setting', async () => {
    const active = serving.registry.status().versionId!;
    const added = (await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'added-after' } })).id;
    /** The items in slots of the user's list (the active version's). */
    const slotted = async (userId: string, request: Partial<RecommendRequest> = {}) => {
      const list = await ask({ userId, ...request });
      expect(list.modelVersion?.id).toBe(active);
      return list.items.filter((item) => item.newItem).map((item) => item.itemId);
    };
    const trial = await startModelTrial(db, { candidateVersionId: active, share: 0.5, newItemSlots: 1 });
    await serving.registry.refresh();
    // Nothing more is loaded: the trial is the active model with a setting.
    expect(serving.registry.status()).toMatchObject({ versionId: active, trial: { trialId: trial.id, versionId: active, share: 0.5, newItemSlots: 1, newItemWithin: null, adaptationThreads: 0 }, trialError: null });
    const inArm = users.filter((user) => inCandidateArm(trial.id, user, 0.5));
    expect(inArm.length).toBeGreaterThan(users.length / 4);
    expect(inArm.length).toBeLessThan((users.length * 3) / 4);
    // In the arm every list shows the new item: in its slot, or ranked in on its own (which fills the slot). Outside
    // it none is slotted, and some lists go without it.
    const lists = new Map(await Promise.all(users.map(async (user) => [user, (await ask({ userId: user })).items] as const)));
    for (const user of inArm) expect(lists.get(user)!.filter((item) => item.addedAfterTraining).map((item) => item.itemId), user).toEqual([added]);
    const outsideArm = users.filter((user) => !inArm.includes(user));
    for (const user of outsideArm) expect(lists.get(user)!.filter((item) => item.newItem), user).toEqual([]);
    expect(outsideArm.filter((user) => !lists.get(user)!.some((item) => item.itemId === added)).length).toBeGreaterThan(0);
    // A request that says how many slots it wants gets them, in the arm or not.
    const slottedInArm = inArm.filter((user) => lists.get(user)!.some((item) => item.newItem));
    expect(slottedInArm.length).toBeGreaterThan(0);
    expect(await slotted(slottedInArm[0]!, { newItems: 0 })).toEqual([]);
    const outside = outsideArm.find((user) => !lists.get(user)!.some((item) => item.itemId === added))!;
    expect(await slotted(outside, { newItems: 1 })).toEqual([added]);
    // An anonymous sequence has no arm.
    expect((await ask({ recentItemIds: ['m3', 'm9'] })).items.filter((item) => item.newItem)).toEqual([]);
    expect(logs).toContainEqual(expect.stringContaining(`trial ${trial.id}: 50% of users get 1 new-item slot in lists of the active version`));
    // Stopped: everyone as the replica is set (no slots).
    await stopModelTrial(db);
    await serving.registry.refresh();
    expect(serving.registry.status().trial).toBeNull();
    for (const user of slottedInArm) expect(await slotted(user)).toEqual([]);
    expect(logs).toContainEqual(expect.stringContaining(`trial ${trial.id} ended: every user is served as this replica is set`));
  });

  it('bounds its arm\'s slots by rank when the trial says, as a request that asks for that bound would be', async () => {
    const added = (await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'added-after' } })).id;
    const ids = (list: Awaited<ReturnType<typeof ask>>) => list.items.map((item) => [item.itemId, item.newItem]);
    // This replica leaves slots unbounded (no FEWSHOT_NEW_ITEM_WITHIN): the trial's arm gets them only for a new item
    // ranked within the user's top 6, one past the list.
    const trial = await startModelTrial(db, { candidateVersionId: serving.registry.status().versionId!, share: 0.5, newItemSlots: 1, newItemWithin: 6 });
    await serving.registry.refresh();
    expect(serving.registry.status().trial).toMatchObject({ trialId: trial.id, newItemSlots: 1, newItemWithin: 6 });
    expect(logs).toContainEqual(expect.stringContaining(`trial ${trial.id}: 50% of users get 1 new-item slot (within the top 6) in lists of the active version`));
    const inArm = users.filter((user) => inCandidateArm(trial.id, user, 0.5));
    const withoutIt: string[] = [];
    for (const user of users) {
      const list = await ask({ userId: user });
      const asked = inArm.includes(user) ? { newItems: 1, newItemsWithin: 6 } : { newItems: 0 };
      expect(ids(list), user).toEqual(ids(await ask({ userId: user, ...asked })));
      if (inArm.includes(user) && !list.items.some((item) => item.itemId === added)) withoutIt.push(user);
    }
    // Unbounded, every list in the arm showed it (the test before); bounded, the users who rank it lower go without.
    expect(withoutIt.length).toBeGreaterThan(0);
    // A request's own bound still wins over the arm's: 0 asks for any rank.
    expect((await ask({ userId: withoutIt[0]!, newItemsWithin: 0 })).items.some((item) => item.itemId === added)).toBe(true);
    await stopModelTrial(db);
    await serving.registry.refresh();
  });
});

describe('trialAdaptationThreads', () => {
  it('gives a trial its share of the threads, at least one where there are any', () => {
    expect(trialAdaptationThreads(15, 0.1)).toBe(2);
    expect(trialAdaptationThreads(15, 0.5)).toBe(8);
    expect(trialAdaptationThreads(4, 0.05)).toBe(1);
    expect(trialAdaptationThreads(1, 0.9)).toBe(1);
    expect(trialAdaptationThreads(0, 0.5)).toBe(0);
  });
});
