import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { describe, expect, it } from 'vitest';
import { copyModelVersion } from '../testing/copy-model-version.ts';
import { seedDemoSlice, trainTinyVersion } from '../testing/seed-demo-slice.ts';
import type { ModelVersionMetrics } from '../train/train-model-version.ts';
import { startModelTrial, stopModelTrial } from './model-trials.ts';
import { promoteModelVersion } from './promote-model-version.ts';
import { DEFAULT_PROMOTION_POLICY, judgePromotion, promoteIfBetter } from './promotion-policy.ts';
import { createVersion, handMadeMetrics, statusesByName, versionsDatabaseEachTest } from './testing-versions.ts';

describe.each(await testDatabaseTargets())('promotion policy on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  versionsDatabaseEachTest(create, (opened) => {
    db = opened;
  });

  it('promotes the first version when none is active and it beats popularity in its own evaluation, with both numbers', async () => {
    const a = await createVersion(db, 'a', { metrics: handMadeMetrics(0.25, { popularity: 0.1 }) });
    const judgment = await judgePromotion(db, a);
    expect(judgment).toEqual({
      promote: true, candidate: 0.25, active: null, activeVersionId: null, popularity: 0.1,
      reason: `no model version is active: model version ${a} has NDCG@10 of new users at n = 10 0.2500, popularity 0.1000 in the same evaluation (+0.1500): more than the required gain of 0, so it replaces popularity`,
    });
    expect(await statusesByName(db)).toEqual({ a: 'READY' });
    const result = await promoteIfBetter(db, a);
    expect(result).toMatchObject({ promote: true, promotion: { versionId: a, previousVersionId: null } });
    expect(await statusesByName(db)).toEqual({ a: 'ACTIVE' });
  });

  it('leaves popularity serving when the first version ranks worse than it, unless the policy asks for any first version', async () => {
    const weak = await createVersion(db, 'weak', { metrics: handMadeMetrics(0.016, { popularity: 0.047 }) });
    const judgment = await promoteIfBetter(db, weak);
    expect(judgment).toEqual({
      promote: false, candidate: 0.016, active: null, activeVersionId: null, popularity: 0.047, promotion: null,
      reason: `no model version is active: model version ${weak} has NDCG@10 of new users at n = 10 0.0160, popularity 0.0470 in the same evaluation (-0.0310): not more than the required gain of 0, so popularity keeps serving (promote it by hand to serve it anyway)`,
    });
    expect(await statusesByName(db)).toEqual({ weak: 'READY' });
    // minGain counts against popularity as against an active version.
    const close = await createVersion(db, 'close', { metrics: handMadeMetrics(0.05, { popularity: 0.047 }) });
    expect(await judgePromotion(db, close, { ...DEFAULT_PROMOTION_POLICY, minGain: 0.01 })).toMatchObject({ promote: false, reason: expect.stringContaining('(+0.0030): not more than the required gain of 0.01, so popularity keeps serving') });
    // An evaluation without popularity cannot show that it beats it.
    const noBaseline = await createVersion(db, 'no baseline', { metrics: handMadeMetrics(0.3, { popularity: null }) });
    expect(await judgePromotion(db, noBaseline)).toMatchObject({
      promote: false, popularity: null,
      reason: `no model version is active, and model version ${noBaseline}'s evaluation has no NDCG@10 of new users at n = 10 of popularity to compare it with (0.3000), so popularity keeps serving: promote it by hand if it is better`,
    });
    const anyFirst = await promoteIfBetter(db, weak, { ...DEFAULT_PROMOTION_POLICY, beatPopularity: false });
    expect(anyFirst).toMatchObject({ promote: true, popularity: 0.047, reason: `no model version is active: model version ${weak} (NDCG@10 of new users at n = 10: 0.0160) replaces popularity`, promotion: { versionId: weak } });
    // Once a version is active, the next one is compared with it, not with popularity.
    expect(await judgePromotion(db, close)).toMatchObject({ promote: true, active: 0.016, activeVersionId: weak });
    await expect(judgePromotion(db, close, { metric: 'ndcg', k: 10, beatPopularity: 'yes' as unknown as boolean })).rejects.toThrow("the policy's beatPopularity must be true or false, got yes");
  });

  it('promotes a better version and keeps the active one against a worse or not better enough one, saying both numbers', async () => {
    const a = await createVersion(db, 'a', { status: 'ACTIVE', metrics: handMadeMetrics(0.3) });
    const worse = await createVersion(db, 'worse', { metrics: handMadeMetrics(0.2) });
    expect(await promoteIfBetter(db, worse)).toEqual({
      promote: false, candidate: 0.2, active: 0.3, activeVersionId: a, popularity: 0.05, promotion: null,
      reason: `model version ${worse} has NDCG@10 of new users at n = 10 0.2000, the active version ${a} 0.3000 (-0.1000): not more than the required gain of 0, so version ${a} stays active`,
    });
    const slightly = await createVersion(db, 'slightly', { metrics: handMadeMetrics(0.305) });
    const strict = { ...DEFAULT_PROMOTION_POLICY, minGain: 0.01 };
    expect(await promoteIfBetter(db, slightly, strict)).toMatchObject({ promote: false, candidate: 0.305, active: 0.3, reason: expect.stringContaining('(+0.0050): not more than the required gain of 0.01, so version') });
    const better = await createVersion(db, 'better', { metrics: handMadeMetrics(0.32) });
    const promoted = await promoteIfBetter(db, better, strict);
    expect(promoted).toMatchObject({ promote: true, candidate: 0.32, active: 0.3, activeVersionId: a, promotion: { versionId: better, previousVersionId: a } });
    expect(promoted.reason).toBe(`model version ${better} has NDCG@10 of new users at n = 10 0.3200, the active version ${a} 0.3000 (+0.0200): more than the required gain of 0.01, so it replaces version ${a}`);
    expect(await statusesByName(db)).toEqual({ a: 'RETIRED', worse: 'READY', slightly: 'READY', better: 'ACTIVE' });
  });

  it('does not end a running trial by promoting another version automatically, and promotes the trial\'s own version', async () => {
    const a = await createVersion(db, 'a', { status: 'ACTIVE', metrics: handMadeMetrics(0.3) });
    const tried = await createVersion(db, 'tried', { metrics: handMadeMetrics(0.31) });
    const trial = await startModelTrial(db, { candidateVersionId: tried, share: 0.1 });
    const better = await createVersion(db, 'better', { metrics: handMadeMetrics(0.4) });
    const judged = await promoteIfBetter(db, better);
    expect(judged).toMatchObject({ promote: false, promotion: null });
    expect(judged.reason).toBe(`model version ${better} has NDCG@10 of new users at n = 10 0.4000, the active version ${a} 0.3000 (+0.1000): more than the required gain of 0, but trial ${trial.id} (version ${tried} on 10% of users) is running and a promotion would end it, so version ${a} stays active: promote it by hand, or once the trial has ended`);
    expect((await judgePromotion(db, better)).promote).toBe(false);
    // The trial's own version, better too, may win by the policy: that ends the trial as PROMOTED.
    expect(await promoteIfBetter(db, tried)).toMatchObject({ promote: true, promotion: { versionId: tried, endedTrial: { id: trial.id, status: 'PROMOTED' } } });
    // With no trial running, the better one wins as before.
    expect((await promoteIfBetter(db, better)).promote).toBe(true);
    await expect(stopModelTrial(db)).rejects.toThrow('no trial is running');
  });

  it('compares the metric, k and history length the policy names, and n defaults to the headline one', async () => {
    await createVersion(db, 'a', { status: 'ACTIVE', metrics: handMadeMetrics(0.3, { mml5: 0.1 }) });
    // Better at n = 10 (the headline), worse at n = 5.
    const b = await createVersion(db, 'b', { metrics: handMadeMetrics(0.4, { mml5: 0.05 }) });
    expect(await judgePromotion(db, b, { metric: 'recall', k: 20 })).toMatchObject({ promote: true, candidate: 0.4, active: 0.3 });
    const atFive = await judgePromotion(db, b, { metric: 'mrr', k: 5, n: 5 });
    expect(atFive).toMatchObject({ promote: false, candidate: 0.05, active: 0.1 });
    expect(atFive.reason).toContain('MRR@5 of new users at n = 5 0.0500');
  });

  it('does not promote when metrics are missing, and says what to do', async () => {
    const none = await createVersion(db, 'none', { metrics: null });
    const noMetrics = await judgePromotion(db, none);
    expect(noMetrics).toMatchObject({ promote: false, candidate: null, active: null, activeVersionId: null });
    expect(noMetrics.reason).toBe(`model version ${none} has no NDCG@10 of new users at n = 10 (mml) in its metrics (it has no metrics at all), so it is not promoted automatically: choose a policy it was evaluated for, or promote it by hand`);
    const b = await createVersion(db, 'b', { metrics: handMadeMetrics(0.4) });
    const atTwenty = await judgePromotion(db, b, { ...DEFAULT_PROMOTION_POLICY, n: 20 });
    expect(atTwenty).toMatchObject({ promote: false, candidate: null });
    expect(atTwenty.reason).toContain('has no NDCG@10 of new users at n = 20 (mml) in its metrics (evaluated at n = 5, n = 10)');
    // An active version without the metric cannot be compared with: no automatic promotion either.
    await promoteModelVersion(db, none);
    const judged = await promoteIfBetter(db, b);
    expect(judged).toMatchObject({ promote: false, candidate: 0.4, active: null, activeVersionId: none, promotion: null });
    expect(judged.reason).toBe(`the active model version ${none} has no NDCG@10 of new users at n = 10 (mml) in its metrics (it has no metrics at all), so model version ${b} (0.4000) cannot be compared with it: promote it by hand if it is better`);
    expect(await statusesByName(db)).toEqual({ none: 'ACTIVE', b: 'READY' });
  });

  it('never promotes a version that cannot serve, and refuses unknown versions and bad policies', async () => {
    const training = await createVersion(db, 'training', { status: 'TRAINING', metrics: handMadeMetrics(0.9), artifact: false });
    expect(await promoteIfBetter(db, training)).toMatchObject({ promote: false, promotion: null, reason: `model version ${training} is TRAINING: only a READY version can be promoted, or a RETIRED one rolled back to` });
    const failed = await createVersion(db, 'failed', { status: 'FAILED', metrics: handMadeMetrics(0.9), artifact: false });
    expect((await judgePromotion(db, failed)).promote).toBe(false);
    const empty = await createVersion(db, 'empty', { metrics: handMadeMetrics(0.9), artifact: false });
    expect(await judgePromotion(db, empty)).toMatchObject({ promote: false, reason: `model version ${empty} has no trained artifact, so it cannot be served` });
    const active = await createVersion(db, 'active', { status: 'ACTIVE', metrics: handMadeMetrics(0.5) });
    expect(await promoteIfBetter(db, active)).toMatchObject({ promote: false, promotion: null, reason: `model version ${active} is the ACTIVE one already (NDCG@10 of new users at n = 10: 0.5000)` });
    await expect(judgePromotion(db, 424242)).rejects.toThrow('model version 424242 does not exist');
    await expect(promoteIfBetter(db, active, { metric: 'map' as 'ndcg', k: 10 })).rejects.toThrow('the policy\'s metric must be one of ndcg, recall, mrr, got "map"');
    await expect(judgePromotion(db, active, { metric: 'ndcg', k: 15 as 10 })).rejects.toThrow("the policy's k must be one of 5, 10, 20, got 15");
    await expect(judgePromotion(db, active, { metric: 'ndcg', k: 10, n: 0 })).rejects.toThrow("the policy's n (new users' history length) must be a positive integer, got 0");
    await expect(judgePromotion(db, active, { metric: 'ndcg', k: 10, minGain: Number.NaN })).rejects.toThrow("the policy's minGain must be a number from 0 (any gain) to 1, got NaN");
    await expect(judgePromotion(db, active, { metric: 'ndcg', k: 10, minGain: -0.1 })).rejects.toThrow('got -0.1');
    expect(await statusesByName(db)).toEqual({ training: 'TRAINING', failed: 'FAILED', empty: 'READY', active: 'ACTIVE' });
  });

  it('lets exactly one of two trainings finishing at once win, and the better one ends up active', async () => {
    for (let round = 0; round < 5; round++) {
      await db.prisma.modelVersion.deleteMany();
      // Equal candidates and none active: the first judged wins, the second is not better than it.
      const [x, y] = [await createVersion(db, 'x', { metrics: handMadeMetrics(0.2) }), await createVersion(db, 'y', { metrics: handMadeMetrics(0.2) })];
      const results = await Promise.all([promoteIfBetter(db, x), promoteIfBetter(db, y)]);
      expect(results.filter((r) => r.promote)).toHaveLength(1);
      const loser = results.find((r) => !r.promote)!;
      const winner = results.find((r) => r.promote)!.promotion!.versionId;
      expect(loser).toMatchObject({ candidate: 0.2, active: 0.2, activeVersionId: winner, promotion: null });
      expect(await db.prisma.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);

      // Both better than the active one: whichever is judged first, the better one is active at the end.
      const good = await createVersion(db, 'good', { metrics: handMadeMetrics(0.3) });
      const best = await createVersion(db, 'best', { metrics: handMadeMetrics(0.4) });
      const [forGood, forBest] = await Promise.all([promoteIfBetter(db, good), promoteIfBetter(db, best)]);
      expect(forBest.promote).toBe(true);
      expect((await db.prisma.modelVersion.findMany({ where: { status: 'ACTIVE' } })).map((v) => v.id)).toEqual([best]);
      if (forGood.promote) expect(forBest).toMatchObject({ active: 0.3, activeVersionId: good });
      else expect(forGood).toMatchObject({ active: 0.4, activeVersionId: best });
    }
  });

  // The judgment's SQL runs on both engines in the tests above; reading a real training's metrics does not depend on
  // the engine, so the tiny training (about 20 s of the suite's time) runs once, on the embedded default.
  it.runIf(kind === 'pglite')("judges trainTinyVersion's real metrics: its mml NDCG@10 at the headline n", async () => {
    await seedDemoSlice(db);
    const trained = await trainTinyVersion(db, 'tiny');
    const expected = (trained.metrics as ModelVersionMetrics).slices['n=10']!.mml!['ndcg@10']!.mean;
    expect(expected).toBe(trained.metrics.methods.mml!['ndcg@10']!.mean);
    // A first version is judged against the popularity ranking its own evaluation measured.
    const popularity = trained.metrics.slices['n=10']!.popularity!['ndcg@10']!.mean;
    expect(await judgePromotion(db, trained.versionId)).toMatchObject({ promote: expected > popularity, candidate: expected, active: null, popularity });
    // A tiny training may well rank below popularity: this test promotes it whatever it scored.
    const first = await promoteIfBetter(db, trained.versionId, { ...DEFAULT_PROMOTION_POLICY, beatPopularity: false });
    expect(first).toMatchObject({ promote: true, candidate: expected, active: null, promotion: { versionId: trained.versionId } });
    // The same model again is not better than itself.
    const copy = await copyModelVersion(db, trained.versionId, 'tiny again');
    const again = await judgePromotion(db, copy);
    expect(again).toMatchObject({ promote: false, candidate: expected, active: expected, activeVersionId: trained.versionId });
    expect(again.reason).toContain(`the active version ${trained.versionId} ${expected.toFixed(4)} (+0.0000): not more than the required gain of 0`);
    // tinyTraining evaluates n = 5 and 10 only.
    expect((await judgePromotion(db, copy, { metric: 'recall', k: 5, n: 5 })).candidate).toBe(trained.metrics.slices['n=5']!.mml!['recall@5']!.mean);
    expect((await judgePromotion(db, copy, { metric: 'ndcg', k: 10, n: 20 })).reason).toContain('(evaluated at n = 2, n = 5, n = 10)');
  });
});
