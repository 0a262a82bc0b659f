import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { findModelTrial, inCandidateArm, promoteModelVersion, startModelTrial, type ModelTrialRecord } from '@fewshot/pipeline/lifecycle';
import { createVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArmComparison, ArmSummary } from './trial-comparison.ts';
import { GUARD_MIN_USERS_PER_ARM, guardDecision, guardRunningTrial, TrialGuard } from './trial-guard.ts';
import { trialResults } from './trial-results.ts';
import type { TrialResults } from './trial-results.ts';

const arm = (users: number): ArmSummary => ({ users, lists: users, followed: 0, followRate: 0, meanReciprocalRank: 0, newItemLists: 0, newItemFollowed: 0, newItemFollowRate: 0 });

/** Results whose overall follow-rate difference has the interval given, with `perArm` users in each arm. */
function resultsWith(interval: { value: number; low: number; high: number } | null, perArm = 40, mismatch = false): TrialResults {
  const overall: ArmComparison = {
    control: arm(perArm),
    candidate: arm(perArm),
    followRateDifference: interval ? { ...interval, standardError: 0.01 } : null,
    meanReciprocalRankDifference: null,
    newItemFollowRateDifference: null,
  };
  const sampleRatio = { controlUsers: perArm, candidateUsers: perArm, expectedCandidateShare: 0.5, candidateShare: 0.5, pValue: mismatch ? 0.0001 : 1, mismatch };
  return { since: new Date(), until: new Date(), withinMinutes: 1440, users: 2 * perArm, plannedUsers: 1000, followRateHalfWidthAtPlan: null, planReachedAround: null, sampleRatio, overall, byHistory: [], otherVersionLists: 0, stillOpen: 0 };
}

describe('guardDecision', () => {
  const both = { stopIfWorse: true, promoteIfBetter: true };
  const worse = { value: -0.1, low: -0.15, high: -0.05 };
  const better = { value: 0.1, low: 0.05, high: 0.15 };

  it('stops a trial whose whole interval is below 0, promotes one whose whole interval is above, and waits otherwise', () => {
    expect(guardDecision(both, resultsWith(worse))).toEqual({
      action: 'stop',
      reason: 'stopped by its guardrail: the candidate\'s lists were followed less often than the active version\'s, −10.0 pp followed (95% interval −15.0 to −5.0 pp, valid at every look) over 80 users, 40 of them in its arm',
    });
    expect(guardDecision(both, resultsWith(better))).toMatchObject({ action: 'promote', reason: expect.stringMatching(/^promoted by its guardrail: the candidate's lists were followed more often than the active version's, \+10\.0 pp followed \(95% interval \+5\.0 to \+15\.0 pp/) });
    expect(guardDecision(both, resultsWith({ value: 0.1, low: -0.01, high: 0.2 }))).toBeNull();
    expect(guardDecision(both, resultsWith(null))).toBeNull();
  });

  it('says what a setting\'s trial stopped for', () => {
    expect(guardDecision({ ...both, promoteIfBetter: false, newItemSlots: 2 }, resultsWith(worse))!.reason).toMatch(/^stopped by its guardrail: the lists with 2 new-item slots were followed less often than those served as the replicas are set, −10\.0 pp followed/);
    expect(guardDecision({ ...both, promoteIfBetter: false, newItemSlots: 1, newItemWithin: 50 }, resultsWith(worse))!.reason).toMatch(/^stopped by its guardrail: the lists with 1 new-item slot \(within the top 50\) were followed less often than those served as the replicas are set, /);
  });

  it('does only what the trial was started to do', () => {
    expect(guardDecision({ stopIfWorse: false, promoteIfBetter: true }, resultsWith(worse))).toBeNull();
    expect(guardDecision({ stopIfWorse: true, promoteIfBetter: false }, resultsWith(better))).toBeNull();
  });

  it('never promotes on arms that did not split as drawn, and still stops', () => {
    expect(guardDecision(both, resultsWith(better, 40, true))).toBeNull();
    expect(guardDecision(both, resultsWith(worse, 40, true))).toMatchObject({ action: 'stop' });
  });

  it('waits for enough users in each arm, however clear the interval looks before', () => {
    expect(guardDecision(both, resultsWith(worse, GUARD_MIN_USERS_PER_ARM - 1))).toBeNull();
    expect(guardDecision(both, resultsWith(worse, GUARD_MIN_USERS_PER_ARM))).toMatchObject({ action: 'stop' });
  });
});

describe.each(await testDatabaseTargets())('trial guardrails on $kind', ({ create }) => {
  let db: TestDatabase;
  let users: Array<{ id: number; externalId: string }>;
  let items: number[];
  const versions: Record<string, number> = {};


  /** Every user (those `shown` picks) shown one list by their arm's version when the trial started; those `follows` picks pick its first item. */
  async function showLists(trial: ModelTrialRecord, follows: (inCandidate: boolean, index: number) => boolean, shown: (inCandidate: boolean, index: number) => boolean = () => true): Promise<void> {
    // Each test's lists alone: an earlier test's events, minutes after its own start, would follow these lists too.
    await db.sql.query('DELETE FROM interactions');
    await db.sql.query('DELETE FROM served_lists');
    // The trial began an hour ago, so that its follows, 5 minutes after its lists, have happened by now.
    const [{ started_at: startedAt }] = (await db.sql.query<{ started_at: Date }>(`UPDATE model_trials SET started_at = started_at - interval '1 hour' WHERE id = $1 RETURNING started_at`, [trial.id])) as [{ started_at: Date }];
    for (const [index, user] of users.entries()) {
      const inCandidate = inCandidateArm(trial.id, user.externalId, trial.share);
      if (!shown(inCandidate, index)) continue;
      await db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at) VALUES ($1, $2, 'few_shot', 3, $3::int[], $4)`, [
        user.id,
        inCandidate ? trial.candidateVersionId : trial.controlVersionId,
        `{${items.join(',')}}`,
        startedAt,
      ]);
      if (follows(inCandidate, index)) await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3::timestamptz + interval '5 minutes')`, [user.id, items[0], startedAt]);
    }
  }

  beforeAll(async () => {
    db = await create();
    await db.prisma.user.createMany({ data: Array.from({ length: 160 }, (_, i) => ({ externalId: `guard-${i}` })) });
    users = await db.prisma.user.findMany({ select: { id: true, externalId: true }, orderBy: { id: 'asc' } });
    await db.prisma.item.createMany({ data: Array.from({ length: 3 }, (_, i) => ({ externalId: `guard-item-${i}`, title: `Item ${i}` })) });
    items = (await db.prisma.item.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((item) => item.id);
    // Stand-in artifacts: the guard reads lists and trials, it loads no model.
    for (const name of ['a', 'b', 'c']) versions[name] = await createVersion(db, name);
    await promoteModelVersion(db, versions.a!);
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it('stops a trial whose candidate is clearly worse, once, with the reason on the trial', async () => {
    const trial = await startModelTrial(db, { candidateVersionId: versions.b!, share: 0.5 });
    expect(trial).toMatchObject({ stopIfWorse: true, promoteIfBetter: false, endReason: null });
    // The active version's users follow three lists in four, the candidate's one in ten.
    await showLists(trial, (inCandidate, index) => (inCandidate ? index % 10 === 0 : index % 4 !== 0));
    // Two replicas check at once: one acts, the other finds the trial ended.
    const outcomes = await Promise.all([guardRunningTrial(db), guardRunningTrial(db)]);
    const acted = outcomes.filter((outcome) => outcome !== null);
    expect(acted).toHaveLength(1);
    expect(acted[0]).toMatchObject({ action: 'stop', trial: { id: trial.id, status: 'STOPPED' } });
    const stored = await findModelTrial(db, trial.id);
    expect(stored).toMatchObject({ status: 'STOPPED', endReason: expect.stringMatching(/^stopped by its guardrail: the candidate's lists were followed less often than the active version's, −\d+\.\d pp followed \(95% interval −\d+\.\d to −\d+\.\d pp, valid at every look\) over 160 users, \d+ of them in its arm$/) });
    expect(await guardRunningTrial(db)).toBeNull();
  });

  it('leaves a trial without guardrails, or without a clear answer, running', async () => {
    const unguarded = await startModelTrial(db, { candidateVersionId: versions.b!, share: 0.5, stopIfWorse: false });
    await showLists(unguarded, (inCandidate, index) => (inCandidate ? false : index % 4 !== 0));
    expect(await guardRunningTrial(db)).toBeNull();
    expect((await findModelTrial(db, unguarded.id))!.status).toBe('RUNNING');
    await db.sql.query(`UPDATE model_trials SET status = 'STOPPED', ended_at = now() WHERE id = $1`, [unguarded.id]);
    // Both arms follow every other list: nothing to act on, whichever guardrail is on.
    const even = await startModelTrial(db, { candidateVersionId: versions.b!, share: 0.5, promoteIfBetter: true });
    await showLists(even, (_, index) => index % 2 === 0);
    expect(await guardRunningTrial(db)).toBeNull();
    await db.sql.query(`UPDATE model_trials SET status = 'STOPPED', ended_at = now() WHERE id = $1`, [even.id]);
  });

  it('promotes a clearly better candidate when asked to, from the timer every replica runs', async () => {
    const trial = await startModelTrial(db, { candidateVersionId: versions.c!, share: 0.5, promoteIfBetter: true });
    await showLists(trial, (inCandidate, index) => (inCandidate ? index % 5 !== 0 : index % 5 === 0));
    const logs: string[] = [];
    const settled: number[] = [];
    const guard = new TrialGuard(db, { intervalMs: 20, log: (line) => logs.push(line), onSettled: (outcome) => void settled.push(outcome.trial.id) });
    guard.start();
    try {
      await expect.poll(() => settled, { timeout: 10_000 }).toEqual([trial.id]);
    } finally {
      await guard.close();
    }
    expect(await findModelTrial(db, trial.id)).toMatchObject({ status: 'PROMOTED', endReason: expect.stringMatching(/^promoted by its guardrail: the candidate's lists were followed more often/) });
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: versions.c! } })).status).toBe('ACTIVE');
    expect(logs).toEqual([expect.stringMatching(new RegExp(`^fewshot api: trial ${trial.id} promoted by its guardrail: `))]);
  });

  it('holds a promotion while the arms do not split as drawn, the lists of most control users lost', async () => {
    // 400 users: enough for the split to tell, with both arms above the guard's 30 users.
    await db.prisma.user.createMany({ data: Array.from({ length: 240 }, (_, i) => ({ externalId: `guard-more-${i}` })) });
    users = await db.prisma.user.findMany({ select: { id: true, externalId: true }, orderBy: { id: 'asc' } });
    await promoteModelVersion(db, versions.a!);
    const trial = await startModelTrial(db, { candidateVersionId: versions.c!, share: 0.5, promoteIfBetter: true });
    // The candidate's users follow four lists in five, the control's one in five; three control lists in five never reach the database.
    await showLists(trial, (inCandidate, index) => (inCandidate ? index % 5 !== 0 : index % 5 === 0), (inCandidate, index) => inCandidate || index % 5 < 2);
    const results = await trialResults(db, (await findModelTrial(db, trial.id))!);
    expect(results.overall.followRateDifference!.low).toBeGreaterThan(0);
    expect(results.sampleRatio).toMatchObject({ mismatch: true, expectedCandidateShare: 0.5, candidateUsers: results.overall.candidate.users, controlUsers: results.overall.control.users });
    expect(results.sampleRatio.candidateShare!).toBeGreaterThan(0.65);
    expect(await guardRunningTrial(db)).toBeNull();
    expect((await findModelTrial(db, trial.id))!.status).toBe('RUNNING');
    // Every list there: the split is as drawn, and the same follows promote the candidate.
    await showLists(trial, (inCandidate, index) => (inCandidate ? index % 5 !== 0 : index % 5 === 0));
    expect((await trialResults(db, (await findModelTrial(db, trial.id))!)).sampleRatio.mismatch).toBe(false);
    expect(await guardRunningTrial(db)).toMatchObject({ action: 'promote', trial: { id: trial.id, status: 'PROMOTED' } });
  });
});
