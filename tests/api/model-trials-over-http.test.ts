import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { inCandidateArm } from '@fewshot/pipeline/lifecycle';
import { copyModelVersion, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = await postgresUnavailableReason();

const START = `mutation ($versionId: ID!, $share: Float!, $plannedUsers: Int, $stopIfWorse: Boolean) {
  startModelTrial(versionId: $versionId, share: $share, plannedUsers: $plannedUsers, stopIfWorse: $stopIfWorse) { id status share plannedUsers stopIfWorse promoteIfBetter candidate { id } control { id } endedAt endReason }
}`;
const START_SETTING = `mutation ($versionId: ID!, $share: Float!, $newItemSlots: Int, $newItemWithin: Int, $promoteIfBetter: Boolean) {
  startModelTrial(versionId: $versionId, share: $share, newItemSlots: $newItemSlots, newItemWithin: $newItemWithin, promoteIfBetter: $promoteIfBetter) { id status share newItemSlots newItemWithin candidate { id } control { id } }
}`;
const STOP = 'mutation ($id: ID) { stopModelTrial(id: $id) { id status endedAt } }';
const PROMOTE = 'mutation ($id: ID!) { promoteModelVersion(id: $id) { id status } }';
const ARM = 'users lists followed followRate meanReciprocalRank';
const RESULTS = `query ($id: ID, $within: Int) {
  modelTrial(id: $id) {
    id status
    results(withinMinutes: $within) {
      since until withinMinutes otherVersionLists stillOpen users plannedUsers followRateHalfWidthAtPlan planReachedAround
      sampleRatio { controlUsers candidateUsers expectedCandidateShare candidateShare pValue mismatch }
      overall { historyFrom historyTo control { ${ARM} } candidate { ${ARM} } followRateDifference { value low high standardError } meanReciprocalRankDifference { value low high } }
      byHistory { historyFrom historyTo control { lists } candidate { lists } }
    }
  }
}`;
const RECOMMEND = 'query ($userId: ID!) { recommendations(userId: $userId, first: 5) { modelVersion { id } items { item { id } } } }';

interface Arm {
  users: number;
  lists: number;
  followed: number;
  followRate: number | null;
  meanReciprocalRank: number | null;
}

/**
 * Trials as an operator drives them over HTTP, on two api replicas sharing one PostgreSQL database: the trial starts
 * on one replica and the other serves its users the trial's version within seconds; each known user gets the version
 * of their arm on either replica; the lists a frontend showed are compared per arm; promoting the candidate ends it.
 */
describe.skipIf(!postgres)(`model trials over HTTP on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  const replicas: Started[] = [];
  const urls: string[] = [];
  const versions = { control: 0, candidate: 0 };
  const keys = { frontend: '', admin: '' };
  let users: string[] = [];
  const admin = <T>(query: string, variables?: Record<string, unknown>, replica = 0) => postGraphQL<T>(urls[replica]!, query, variables, keys.admin);
  const servingTrial = async (replica: number) => {
    const result = await postGraphQL<{ serving: { modelVersion: { id: string } | null; trial: { id: string } | null; trialError: string | null } }>(urls[replica]!, '{ serving { modelVersion { id } trial { id } trialError } }', undefined, keys.admin);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.serving;
  };

  beforeAll(async () => {
    db = await postgres!.create();
    await seedDemoSlice(db);
    versions.control = (await trainTinyVersion(db, 'control')).versionId;
    versions.candidate = await copyModelVersion(db, versions.control, 'candidate');
    users = (await db.prisma.user.findMany({ select: { externalId: true }, orderBy: { id: 'asc' } })).map((user) => user.externalId);
    for (let replica = 0; replica < 2; replica++) {
      const port = await freePort();
      urls.push(`http://127.0.0.1:${port}/graphql`);
      // Polling is slow on purpose: the other replica must follow the database's notification, not its poll.
      // Guardrails checked every second: the last test waits for them.
      replicas.push(startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { DATABASE_URL: db.url!, PORT: String(port), FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '600000', FEWSHOT_TRIAL_CHECK_MS: '1000' }));
    }
    [keys.frontend, keys.admin] = await Promise.all([createApiKeyWithCli('frontend', { DATABASE_URL: db.url! }), createApiKeyWithCli('admin', { DATABASE_URL: db.url! })]);
    for (const [i, url] of urls.entries()) await waitUntil(async () => (await fetch(url.replace('/graphql', '/health'))).ok, 120_000, `replica ${i} to start`, replicas[i]!.output);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGTERM')));
    await db?.dispose();
  });

  it('refuses a trial that cannot run, with a code and a reason', async () => {
    const refusals: Array<[string, Record<string, unknown>, string, RegExp | string, string?]> = [
      [START, { versionId: String(versions.candidate), share: 0.1 }, 'FAILED_PRECONDITION', 'no model version is ACTIVE: a trial compares a version with the active one, so promote a version first'],
      [STOP, {}, 'FAILED_PRECONDITION', 'no trial is running'],
      [START, { versionId: String(versions.candidate), share: 0.1 }, 'FORBIDDEN', /role admin/, keys.frontend],
      [RESULTS, {}, 'FORBIDDEN', /role admin/, keys.frontend],
    ];
    for (const [query, variables, code, message, key = keys.admin] of refusals) {
      const answer = await postGraphQL(urls[0]!, query, variables, key);
      expect(answer.errors?.[0], `${query.slice(0, 40)} ${JSON.stringify(variables)}`).toMatchObject({ extensions: { code } });
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
    expect((await admin<{ modelTrial: null }>(RESULTS, {})).data).toEqual({ modelTrial: null });
    expect((await admin(PROMOTE, { id: String(versions.control) })).errors).toBeUndefined();
    const more: Array<[string, Record<string, unknown>, string, RegExp | string]> = [
      [START, { versionId: '999999', share: 0.1 }, 'NOT_FOUND', 'model version 999999 does not exist'],
      [START, { versionId: String(versions.control), share: 0.1 }, 'BAD_USER_INPUT', `model version ${versions.control} is the ACTIVE one: a trial tries another version beside it`],
      [START, { versionId: String(versions.candidate), share: 1.5 }, 'BAD_USER_INPUT', "share must be from 0.01 to 0.99 (the fraction of users the trial's version serves), got 1.5"],
      [START, { versionId: String(versions.candidate), share: 0.1, plannedUsers: 5 }, 'BAD_USER_INPUT', 'planned users must be a whole number from 20 to 10,000,000 (the users, both arms together, the trial means to reach), got 5'],
      [START, { versionId: 'abc', share: 0.1 }, 'BAD_USER_INPUT', /versionId must be/],
      [START_SETTING, { versionId: String(versions.candidate), share: 0.1, newItemSlots: 1 }, 'BAD_USER_INPUT', `model version ${versions.candidate} is READY: a trial of new-item slots tries them on the ACTIVE version (leave newItemSlots out to try this version)`],
      [START_SETTING, { versionId: String(versions.control), share: 0.1, newItemSlots: 101 }, 'BAD_USER_INPUT', "new-item slots must be a whole number from 0 to 100 (the slots the trial's lists keep for items added after training), got 101"],
      [START_SETTING, { versionId: String(versions.control), share: 0.1, newItemSlots: 1, promoteIfBetter: true }, 'BAD_USER_INPUT', /^new-item slots: a trial of a setting cannot promote itself/],
      [START_SETTING, { versionId: String(versions.control), share: 0.1, newItemSlots: 1, newItemWithin: -1 }, 'BAD_USER_INPUT', "new-item within must be a whole number ≥ 0 (only a new item the user's scores rank within the top this-many fills a slot; 0: any rank), got -1"],
      [START_SETTING, { versionId: String(versions.candidate), share: 0.1, newItemWithin: 50 }, 'BAD_USER_INPUT', /^new-item within: a rank bound is tried with the new-item slots it bounds; give newItemSlots too/],
      [RESULTS, { id: '999999' }, 'NOT_FOUND', 'trial 999999 does not exist'],
    ];
    for (const [query, variables, code, message] of more) {
      const answer = await admin(query, variables);
      const field = variables.plannedUsers !== undefined ? 'plannedUsers' : variables.share === 1.5 ? 'share' : variables.newItemWithin !== undefined ? 'newItemWithin' : variables.newItemSlots !== undefined && variables.versionId === String(versions.control) ? 'newItemSlots' : expect.any(String);
      expect(answer.errors?.[0], JSON.stringify(variables)).toMatchObject({ extensions: { code, details: { field } } });
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
    // A literal too large for a double is Infinity by the time it reaches the resolver (JSON variables cannot say it).
    const infinite = await admin(`mutation { startModelTrial(versionId: "${versions.candidate}", share: 1e309) { id } }`);
    expect(infinite.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'share' } }, message: "share must be from 0.01 to 0.99 (the fraction of users the trial's version serves), got Infinity" });
  });

  it('serves each user their arm\'s version on both replicas, compares the arms, and ends when its version is promoted', async () => {
    // Without its guardrail: this test's handful of users must not end it.
    const started = await admin<{ startModelTrial: { id: string } }>(START, { versionId: String(versions.candidate), share: 0.5, plannedUsers: 10_000, stopIfWorse: false });
    expect(started.errors).toBeUndefined();
    const trial = started.data!.startModelTrial;
    expect(trial).toEqual({
      id: trial.id, status: 'RUNNING', share: 0.5, plannedUsers: 10_000, stopIfWorse: false, promoteIfBetter: false,
      candidate: { id: String(versions.candidate) }, control: { id: String(versions.control) }, endedAt: null, endReason: null,
    });
    expect((await servingTrial(0)).trial).toEqual({ id: trial.id });
    await waitUntil(async () => (await servingTrial(1)).trial?.id === trial.id, 30_000, 'replica 1 to serve the trial', replicas[1]!.output);
    // Any key sees which trial serves; only an admin sees how its arms did.
    const byFrontend = await postGraphQL<{ serving: { trial: { id: string; share: number } } }>(urls[1]!, '{ serving { trial { id share results { stillOpen } } } }', undefined, keys.frontend);
    expect(byFrontend.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['serving', 'trial', 'results'] });
    const health = (await (await fetch(urls[1]!.replace('/graphql', '/health'))).json()) as { serving: Record<string, unknown> };
    expect(health.serving).toMatchObject({ modelVersion: versions.control, trial: { id: Number(trial.id), modelVersion: versions.candidate, share: 0.5 } });
    const again = await admin(START, { versionId: String(versions.candidate), share: 0.2 });
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'FAILED_PRECONDITION' }, message: `trial ${trial.id} (version ${versions.candidate} on 50% of users) is running: stop it before starting another` });

    // Every known user, on alternate replicas: each gets their arm's version.
    const armOf = (user: string) => (inCandidateArm(Number(trial.id), user, 0.5) ? 'candidate' : 'control');
    const firstItems = new Map<string, string>();
    for (const [i, user] of users.entries()) {
      const answer = await postGraphQL<{ recommendations: { modelVersion: { id: string }; items: Array<{ item: { id: string } }> } }>(urls[i % 2]!, RECOMMEND, { userId: user }, keys.frontend);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.recommendations.modelVersion.id, user).toBe(String(versions[armOf(user)]));
      firstItems.set(user, answer.data!.recommendations.items[0]!.item.id);
    }
    const inArm = { control: users.filter((u) => armOf(u) === 'control'), candidate: users.filter((u) => armOf(u) === 'candidate') };
    expect(inArm.candidate.length).toBeGreaterThanOrEqual(2);
    expect(inArm.control.length).toBeGreaterThanOrEqual(2);
    // Users at even positions pick the first item of their list: the follow rates are known per arm.
    const followers = users.filter((_, i) => i % 2 === 0);
    const recorded = await postGraphQL(urls[0]!, 'mutation ($inputs: [InteractionInput!]!) { recordInteractions(inputs: $inputs) { recorded } }', {
      inputs: followers.map((user) => ({ userId: user, itemId: firstItems.get(user)!, kind: 'VIEW' })),
    }, keys.frontend);
    expect(recorded.errors).toBeUndefined();

    type Estimate = { value: number; low: number; high: number; standardError: number };
    type Results = { modelTrial: { status: string; results: { withinMinutes: number; otherVersionLists: number; stillOpen: number; users: number; plannedUsers: number; followRateHalfWidthAtPlan: number | null; since: string; until: string; planReachedAround: string | null; sampleRatio: { controlUsers: number; candidateUsers: number; expectedCandidateShare: number; candidateShare: number | null; pValue: number; mismatch: boolean }; overall: { historyFrom: number; historyTo: number | null; control: Arm; candidate: Arm; followRateDifference: Estimate | null; meanReciprocalRankDifference: unknown }; byHistory: Array<{ control: { lists: number }; candidate: { lists: number } }> } } };
    const results = async () => (await admin<Results>(RESULTS, { id: trial.id, within: 60 })).data!.modelTrial;
    // Served lists are written in batches, off the request: wait until both replicas' are in.
    await waitUntil(async () => { const r = (await results()).results.overall; return r.control.lists + r.candidate.lists === users.length; }, 15_000, 'every served list to be recorded', replicas[0]!.output);
    const { results: answer } = await results();
    const expectArm = (names: string[]): Arm => {
      const followed = names.filter((u) => followers.includes(u)).length;
      // One list per user, each followed on its first item (reciprocal rank 1).
      return { users: names.length, lists: names.length, followed, followRate: followed / names.length, meanReciprocalRank: followed / names.length };
    };
    expect(answer.overall).toMatchObject({ historyFrom: 0, historyTo: null, control: expectArm(inArm.control), candidate: expectArm(inArm.candidate) });
    const difference = answer.overall.followRateDifference!;
    expect(difference.value).toBeCloseTo(expectArm(inArm.candidate).followRate! - expectArm(inArm.control).followRate!, 10);
    expect(difference.low).toBeLessThan(difference.value);
    expect(difference.high).toBeGreaterThan(difference.value);
    // Valid at every look, the interval is wider than a one-look one (±1.96 standard errors) would be.
    expect(difference.high - difference.low).toBeGreaterThan(2 * 1.959964 * difference.standardError);
    // At 10,000 planned users the standard error will be √(users / 10,000) of today's, and the interval 3.035 of it.
    expect(answer).toMatchObject({ users: users.length, plannedUsers: 10_000 });
    expect(answer.followRateHalfWidthAtPlan).toBeCloseTo(3.0352 * difference.standardError * Math.sqrt(users.length / 10_000), 4);
    // The rest of the plan at the pace so far: the time these users took, (10,000 − users) / users times over.
    const [since, until, around] = [answer.since, answer.until, answer.planReachedAround!].map((time) => new Date(time).getTime()) as [number, number, number];
    expect(around - until).toBeCloseTo(((until - since) * (10_000 - users.length)) / users.length, -1);
    expect(answer).toMatchObject({ withinMinutes: 60, otherVersionLists: 0, stillOpen: users.length });
    // The users split as drawn: each arm's users counted, no evidence against the share.
    expect(answer.sampleRatio).toMatchObject({ controlUsers: inArm.control.length, candidateUsers: inArm.candidate.length, candidateShare: inArm.candidate.length / users.length, mismatch: false });
    expect(answer.sampleRatio.pValue).toBeGreaterThan(0.001);
    expect(answer.byHistory.reduce((sum, row) => sum + row.control.lists + row.candidate.lists, 0)).toBe(users.length);
    // The timeline: its last moment is the results' own.
    const timeline = await admin<{ modelTrial: { timeline: Array<{ users: number; followRateDifference: { value: number } | null }> } }>('query ($id: ID) { modelTrial(id: $id) { timeline(withinMinutes: 60, points: 3) { at users followRateDifference { value } } } }', { id: trial.id });
    expect(timeline.data!.modelTrial.timeline).toHaveLength(3);
    expect(timeline.data!.modelTrial.timeline[2]).toMatchObject({ users: users.length, followRateDifference: { value: difference.value } });
    const badPoints = await admin('query ($id: ID) { modelTrial(id: $id) { timeline(points: 51) { at } } }', { id: trial.id });
    expect(badPoints.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'points' } }, message: 'points must be a whole number from 1 to 50, got 51' });
    const badWindow = await admin(RESULTS, { id: trial.id, within: 0 });
    expect(badWindow.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'withinMinutes must be a whole number from 1 to 10080 (a week), got 0' });
    const wrongStop = await admin(STOP, { id: '999999' });
    expect(wrongStop.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: 'trial 999999 does not exist' });

    // Promoted through replica 1: the trial ends there, and replica 0 serves the winner to everyone.
    expect((await admin(PROMOTE, { id: String(versions.candidate) }, 1)).errors).toBeUndefined();
    expect((await results()).status).toBe('PROMOTED');
    await waitUntil(async () => { const s = await servingTrial(0); return s.trial === null && s.modelVersion?.id === String(versions.candidate); }, 30_000, 'replica 0 to serve the promoted version to everyone', replicas[0]!.output);
    const after = await postGraphQL<{ recommendations: { modelVersion: { id: string } } }>(urls[0]!, RECOMMEND, { userId: inArm.control[0]! }, keys.frontend);
    expect(after.data!.recommendations.modelVersion.id).toBe(String(versions.candidate));
    const list = await admin<{ modelTrials: { nodes: Array<{ id: string; status: string }>; totalCount: number } }>('{ modelTrials(first: 5) { nodes { id status } totalCount } }');
    expect(list.data!.modelTrials).toEqual({ nodes: [{ id: trial.id, status: 'PROMOTED' }], totalCount: 1 });
    // The results stay readable after the trial: the same lists.
    expect((await results()).results.overall.control.lists + (await results()).results.overall.candidate.lists).toBe(users.length);
  });

  it('stops a trial by itself once its candidate is clearly worse: the guard every replica runs', async () => {
    // The version retired by the promotion above, tried again with the default guardrail.
    const started = await admin<{ startModelTrial: { id: string; stopIfWorse: boolean; promoteIfBetter: boolean } }>(START, { versionId: String(versions.control), share: 0.5 });
    expect(started.errors).toBeUndefined();
    const trial = started.data!.startModelTrial;
    expect(trial).toMatchObject({ stopIfWorse: true, promoteIfBetter: false });
    // A RETIRED version serves its trial on both replicas (it once could not be loaded for one).
    for (const replica of [0, 1]) await waitUntil(async () => (await servingTrial(replica)).trial?.id === trial.id, 30_000, `replica ${replica} to serve the retired version's trial`, replicas[replica]!.output);
    // 120 users shown a list each by their arm's version (as the replicas record them): the active version's users
    // follow four in five, the trial's one in five.
    await db.prisma.user.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ externalId: `guarded-${i}` })) });
    const guarded = await db.prisma.user.findMany({ where: { externalId: { startsWith: 'guarded-' } }, select: { id: true, externalId: true } });
    const item = (await db.prisma.item.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
    const [{ started_at: startedAt }] = (await db.sql.query<{ started_at: Date }>('SELECT started_at FROM model_trials WHERE id = $1', [Number(trial.id)])) as [{ started_at: Date }];
    for (const [i, user] of guarded.entries()) {
      const inCandidate = inCandidateArm(Number(trial.id), user.externalId, 0.5);
      await db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at) VALUES ($1, $2, 'few_shot', 3, $3::int[], $4)`, [user.id, inCandidate ? versions.control : versions.candidate, `{${item}}`, startedAt]);
      // Followed as soon as shown: an event dated later than now would follow nothing yet.
      if (inCandidate ? i % 5 === 0 : i % 5 !== 0) await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3)`, [user.id, item, startedAt]);
    }
    const ended = async () => (await admin<{ modelTrial: { status: string; endReason: string | null } }>('query ($id: ID) { modelTrial(id: $id) { status endReason } }', { id: trial.id })).data!.modelTrial;
    await waitUntil(async () => (await ended()).status === 'STOPPED', 30_000, 'a replica\'s guard to stop the trial', replicas[0]!.output);
    expect((await ended()).endReason).toMatch(/^stopped by its guardrail: the candidate's lists were followed less often than the active version's, −\d+\.\d pp followed/);
    // Both replicas serve everyone the active version again.
    for (const replica of [0, 1]) await waitUntil(async () => (await servingTrial(replica)).trial === null, 30_000, `replica ${replica} to end the trial`, replicas[replica]!.output);
    const output = replicas.map((replica) => replica.output()).join('\n');
    expect(output.match(new RegExp(`trial ${trial.id} stopped by its guardrail`, 'g'))).toHaveLength(1);
  });

  it('tries new-item slots on the active version on both replicas, loading nothing more', async () => {
    const active = (await servingTrial(0)).modelVersion!.id;
    const started = await admin<{ startModelTrial: { id: string; newItemSlots: number; newItemWithin: number; candidate: { id: string }; control: { id: string } } }>(START_SETTING, { versionId: active, share: 0.5, newItemSlots: 2, newItemWithin: 100 });
    expect(started.errors).toBeUndefined();
    const trial = started.data!.startModelTrial;
    expect(trial).toMatchObject({ newItemSlots: 2, newItemWithin: 100, candidate: { id: active }, control: { id: active } });
    const setting = async (replica: number) => (await postGraphQL<{ serving: { modelVersion: { id: string }; trial: { id: string; newItemSlots: number | null; newItemWithin: number | null } | null } }>(urls[replica]!, '{ serving { modelVersion { id } trial { id newItemSlots newItemWithin } } }', undefined, keys.admin)).data!.serving;
    for (const replica of [0, 1]) await waitUntil(async () => (await setting(replica)).trial?.id === trial.id, 30_000, `replica ${replica} to follow the setting's trial`, replicas[replica]!.output);
    for (const replica of [0, 1]) expect(await setting(replica)).toEqual({ modelVersion: { id: active }, trial: { id: trial.id, newItemSlots: 2, newItemWithin: 100 } });
    expect((await admin(STOP, { id: trial.id })).errors).toBeUndefined();
    for (const replica of [0, 1]) await waitUntil(async () => (await setting(replica)).trial === null, 30_000, `replica ${replica} to end the setting's trial`, replicas[replica]!.output);
  });
});
