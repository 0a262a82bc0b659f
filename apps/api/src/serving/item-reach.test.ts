import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { inCandidateArm, promoteModelVersion, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { itemReach, type ItemReachRequest } from './item-reach.ts';
import { placeItems } from './place-items.ts';
import { recommend } from './recommend.ts';
import { createServing, type Serving } from './serving-state.ts';

// The embedded database is enough: the query's SQL is two plain selects, and tests/ reads it over HTTP on PostgreSQL.
const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 1000, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_ADAPTATION_THREADS: 0 };

describe('itemReach', () => {
  let db: TestDatabase;
  let serving: Serving;
  let users: string[];
  const reach = (request: Partial<ItemReachRequest> & Pick<ItemReachRequest, 'itemId'>) => itemReach(db, serving.registry, { users: 1000, depth: 20, first: 100, ...request }, serving.settings);
  /** What `recommendations` gives the user: the item ids of their list. */
  const listOf = async (userId: string, first = 20) => (await recommend(db, serving.registry, { userId, first, excludeSeen: true }, serving.settings)).items;
  const itemId = async (externalId: string) => (await db.prisma.item.findUniqueOrThrow({ where: { externalId } })).id;

  beforeAll(async () => {
    db = await target!.create();
    await seedDemoSlice(db);
    serving = createServing(db, settings, () => {});
    await serving.registry.start();
    users = (await db.prisma.user.findMany({ select: { externalId: true }, orderBy: { id: 'asc' } })).map((u) => u.externalId);
  });

  afterAll(async () => {
    await serving?.registry.close();
    await db?.dispose();
  });

  it('says why nobody is ranked while no version is active', async () => {
    const answer = await reach({ itemId: 'm5' });
    expect(answer).toMatchObject({ modelVersion: null, usersChecked: 0, reached: 0, users: [], reason: expect.stringContaining('no model version is active') });
    expect(answer.usersWithHistory).toBe(users.length);
  });

  it('reaches exactly the users whose list shows the item, at the place their list shows it', async () => {
    const { versionId } = await trainTinyVersion(db);
    await promoteModelVersion(db, versionId);
    await serving.registry.refresh();
    // Every user's list as `recommendations` gives it; the item asked about is one some lists show and most do not (few
    // enough to be named, at most 100).
    const lists = new Map(await Promise.all(users.map(async (user) => [user, await listOf(user)] as const)));
    const shownTo = new Map<number, number>();
    for (const list of lists.values()) for (const item of list) shownTo.set(item.itemId, (shownTo.get(item.itemId) ?? 0) + 1);
    const [item] = [...shownTo].filter(([, count]) => count >= 3 && count <= 60).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    const external = (await db.prisma.item.findUniqueOrThrow({ where: { id: item } })).externalId;

    const started = performance.now();
    const answer = await reach({ itemId: external });
    console.log(`itemReach over ${answer.usersChecked} users: ${((performance.now() - started) / answer.usersChecked).toFixed(1)} ms per user (cold users' adaptations kept from their lists)`);
    expect(answer).toMatchObject({ itemId: item, depth: 20, addedAfterTraining: false, newItems: null, usersChecked: users.length, usersWithHistory: users.length, notRanked: 0, reachedInNewItemSlot: 0, modelVersion: { id: versionId }, reason: null });
    const expected = [...lists].filter(([, list]) => list.some((entry) => entry.itemId === item));
    expect(answer.reached).toBe(expected.length);
    const had = await db.sql.query<{ n: string | number }>('SELECT count(DISTINCT user_id) AS n FROM interactions WHERE item_id = $1', [item]);
    expect(answer.alreadyHad).toBe(Number(had[0]!.n));
    // The named users start with every reached one, each at their list's place, which without slots is its rank.
    const named = answer.users.slice(0, expected.length);
    expect(new Map(named.map((u) => [u.externalId, u.position]))).toEqual(new Map(expected.map(([user, list]) => [user, list.findIndex((entry) => entry.itemId === item) + 1])));
    for (const user of named) expect(user.rank).toBe(user.position);
    // Those it does not reach rank it below 20; where that is within 100, a list of 100 shows it at that rank.
    const unreached = answer.users.slice(expected.length);
    expect(unreached.length).toBeGreaterThan(0);
    for (const user of unreached.slice(0, 5)) {
      expect(user.position).toBeNull();
      expect(user.rank).toBeGreaterThan(20);
      if (user.rank <= 100) expect((await listOf(user.externalId, 100)).findIndex((entry) => entry.itemId === item) + 1).toBe(user.rank);
    }
    // The counts add up: every user checked is ranked or had it; the ranges and paths cover the ranked ones.
    const ranked = answer.usersChecked - answer.alreadyHad - answer.notRanked;
    expect(answer.rankRanges.reduce((sum, range) => sum + range.users, 0)).toBe(ranked);
    expect(answer.rankRanges.slice(0, 2).reduce((sum, range) => sum + range.users, 0)).toBe(answer.reached);
    expect(answer.byPath.reduce((sum, entry) => sum + entry.users, 0)).toBe(ranked);
    expect(answer.byPath.reduce((sum, entry) => sum + entry.reached, 0)).toBe(answer.reached);
    // The slice has cold users (below 20 events: adapted, or too few events to adapt on) and warm ones.
    expect(answer.byPath.map((entry) => entry.path).sort()).toEqual(['cold_unadapted', 'few_shot', 'warm']);
    expect(answer.medianRank).toBeGreaterThan(20);
  });

  it('checks the most recently active users only, as many as asked, and names as many as asked', async () => {
    const [latest] = await db.sql.query<{ external_id: string }>(
      'SELECT u.external_id FROM interactions x JOIN users u ON u.id = x.user_id GROUP BY u.external_id ORDER BY max(x.occurred_at) DESC, max(x.user_id) DESC LIMIT 1');
    const answer = await reach({ itemId: 'm2', users: 1, first: 5 });
    expect(answer.usersChecked).toBe(1);
    expect(answer.alreadyHad + answer.users.length).toBe(1);
    if (answer.users.length === 1) expect(answer.users[0]!.externalId).toBe(latest!.external_id);
    expect((await reach({ itemId: 'm2', users: 50, first: 0 })).users).toEqual([]);
  });

  it('reaches a new item\'s users through the slots their trial arm gets, as their lists do', async () => {
    const item = await db.prisma.item.create({ data: { externalId: 'added-after', title: 'Added after training', attributes: { genres: ['Comedy'] } } });
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: item.id, sourceSha256: 'x', outcome: { ok: true, vector: Float32Array.of(1, -1, 0.5, 0, 2, -0.5) } }]);
    // Not placed yet: the serving version cannot rank it for anyone.
    expect(await reach({ itemId: 'added-after' })).toMatchObject({ reached: 0, notRanked: users.length, reason: expect.stringContaining('has not placed the item yet') });
    expect((await placeItems(db, serving.registry, [item.id])).placed).toEqual([item.id]);
    // Asked what one slot in every list would do: it reaches every user (nobody has had it yet), slotted or ranked in.
    const oneSlot = await reach({ itemId: 'added-after', newItems: 1 });
    expect(oneSlot).toMatchObject({ addedAfterTraining: true, newItems: 1, usersChecked: users.length, alreadyHad: 0, notRanked: 0, reached: users.length });
    expect(oneSlot.reachedInNewItemSlot).toBeGreaterThan(0);
    expect(await reach({ itemId: 'added-after' })).toMatchObject({ newItems: null, reachedInNewItemSlot: 0 });

    const active = serving.registry.status().versionId!;
    const trial = await startModelTrial(db, { candidateVersionId: active, share: 0.5, newItemSlots: 1 });
    await serving.registry.refresh();
    try {
      const answer = await reach({ itemId: 'added-after', first: 100 });
      const inArm = users.filter((user) => inCandidateArm(trial.id, user, 0.5));
      // Every user of the arm gets it (slotted, or ranked in on its own); outside the arm only those it ranks in for.
      const lists = new Map(await Promise.all(users.map(async (user) => [user, await listOf(user)] as const)));
      const shown = users.filter((user) => lists.get(user)!.some((entry) => entry.itemId === item.id));
      expect(shown).toEqual(expect.arrayContaining(inArm));
      expect(answer.reached).toBe(shown.length);
      const slotted = users.filter((user) => lists.get(user)!.some((entry) => entry.itemId === item.id && entry.newItem));
      expect(slotted.length).toBeGreaterThan(0);
      expect(answer.reachedInNewItemSlot).toBe(slotted.length);
      // Asked for none, the arm's slot is not kept either.
      expect((await reach({ itemId: 'added-after', newItems: 0 })).reachedInNewItemSlot).toBe(0);
      for (const user of answer.users.filter((u) => u.inNewItemSlot)) {
        expect(inArm).toContain(user.externalId);
        expect(user.rank).toBeGreaterThan(user.position!);
      }
    } finally {
      await stopModelTrial(db);
      await serving.registry.refresh();
    }

    // A trial that bounds its slots by rank: its arm's users are reached through a slot only where they rank the item
    // within the bound (10, past lists of 5), as their lists are.
    const bounded = await startModelTrial(db, { candidateVersionId: active, share: 0.5, newItemSlots: 1, newItemWithin: 10 });
    await serving.registry.refresh();
    try {
      const answer = await reach({ itemId: 'added-after', users: 80, depth: 5, first: 100 });
      expect(answer.users.length).toBe(80);
      const inArm = (user: { externalId: string }) => inCandidateArm(bounded.id, user.externalId, 0.5);
      for (const user of answer.users) {
        expect(user.inNewItemSlot, user.externalId).toBe(inArm(user) && user.rank > 5 && user.rank <= 10);
        const shown = (await listOf(user.externalId, 5)).some((entry) => entry.itemId === item.id);
        expect(user.position !== null, user.externalId).toBe(shown);
      }
      // Both sides of the bound occur in the arm: slotted within it, left out below it.
      expect(answer.users.some((u) => inArm(u) && u.inNewItemSlot)).toBe(true);
      expect(answer.users.some((u) => inArm(u) && u.rank > 10 && u.position === null)).toBe(true);
    } finally {
      await stopModelTrial(db);
      await serving.registry.refresh();
    }
  });

  it('says an archived item reaches nobody, and refuses an unknown item and numbers out of range with the field', async () => {
    await db.prisma.item.update({ where: { id: await itemId('m7') }, data: { status: 'ARCHIVED' } });
    expect(await reach({ itemId: 'm7' })).toMatchObject({ usersChecked: 0, reached: 0, reason: expect.stringContaining('archived') });
    const refused = async (request: Partial<ItemReachRequest> & Pick<ItemReachRequest, 'itemId'>) => {
      const error = await reach(request).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const { extensions, message } = error as AppError;
      return { code: extensions.code, message, field: (extensions.details as { field?: string } | undefined)?.field };
    };
    expect(await refused({ itemId: 'nope' })).toEqual({ code: 'NOT_FOUND', message: 'there is no item "nope"', field: 'itemId' });
    expect(await refused({ itemId: 'm2', users: 0 })).toEqual({ code: 'BAD_USER_INPUT', message: 'users must be a whole number from 1 to 1000, got 0', field: 'users' });
    expect(await refused({ itemId: 'm2', users: 1001 })).toMatchObject({ field: 'users' });
    expect(await refused({ itemId: 'm2', depth: 101 })).toEqual({ code: 'BAD_USER_INPUT', message: 'depth must be a whole number from 1 to 100, got 101', field: 'depth' });
    expect(await refused({ itemId: 'm2', first: -1 })).toMatchObject({ field: 'first' });
    expect(await refused({ itemId: 'm2', newItems: 21 })).toEqual({ code: 'BAD_USER_INPUT', message: 'newItems must be a whole number from 0 to depth (20), got 21', field: 'newItems' });
  });

  it('answers questions one after another on a replica, in the order asked, a failed one not holding up the next', async () => {
    const events: string[] = [];
    const question = (name: string, fails = false) => serving.oneReachAtATime(async () => {
      events.push(`start ${name}`);
      await reach({ itemId: 'm2', users: 20 });
      events.push(`end ${name}`);
      if (fails) throw new Error(`${name} failed`);
      return name;
    });
    const answers = await Promise.allSettled([question('a'), question('b', true), question('c')]);
    expect(answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : String(answer.reason)))).toEqual(['a', 'Error: b failed', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
