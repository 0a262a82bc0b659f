import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { describe, expect, it } from 'vitest';
import { findModelTrial, inCandidateArm, runningModelTrial, startModelTrial, stopModelTrial, trialDraw } from './model-trials.ts';
import { promoteModelVersion } from './promote-model-version.ts';
import { rollbackModelVersion } from './rollback-model-version.ts';
import { createVersion, statusesByName, versionsDatabaseEachTest } from './testing-versions.ts';

describe('inCandidateArm', () => {
  const users = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

  it('draws the same arm for the same user and trial, whoever asks', () => {
    expect(users.slice(0, 50).map((u) => inCandidateArm(3, u, 0.3))).toEqual(users.slice(0, 50).map((u) => inCandidateArm(3, u, 0.3)));
    expect(trialDraw(3, 'user-1')).toBeGreaterThanOrEqual(0);
    expect(trialDraw(3, 'user-1')).toBeLessThan(1);
  });

  it('puts the share asked for in the candidate arm, and a larger share keeps every user a smaller one had', () => {
    // 20,000 draws: the binomial standard deviation at 0.1 is 0.002, so 0.01 either side is five of them.
    for (const share of [0.1, 0.5]) {
      const inArm = users.filter((u) => inCandidateArm(7, u, share)).length / users.length;
      expect(Math.abs(inArm - share)).toBeLessThan(0.01);
    }
    expect(users.filter((u) => inCandidateArm(7, u, 0.1) && !inCandidateArm(7, u, 0.5))).toEqual([]);
  });

  it('draws each trial afresh: one trial\'s candidate arm says nothing of the next one\'s', () => {
    const first = users.filter((u) => inCandidateArm(1, u, 0.5));
    const both = first.filter((u) => inCandidateArm(2, u, 0.5)).length / first.length;
    expect(Math.abs(both - 0.5)).toBeLessThan(0.02);
  });
});

describe.each(await testDatabaseTargets())('model trials on $kind', ({ create }) => {
  let db: TestDatabase;
  versionsDatabaseEachTest(create, (opened) => {
    db = opened;
  });

  it('starts a trial of a READY version beside the active one, and stops it', async () => {
    const [a, b] = [await createVersion(db, 'a'), await createVersion(db, 'b')];
    await promoteModelVersion(db, a);
    const trial = await startModelTrial(db, { candidateVersionId: b, share: 0.2 });
    // Planned for the default 1,000 users when nobody says.
    expect(trial).toMatchObject({ candidateVersionId: b, controlVersionId: a, share: 0.2, plannedUsers: 1000, status: 'RUNNING', endedAt: null });
    expect(await runningModelTrial(db)).toEqual(trial);
    // Nothing about the versions themselves changes: b stays READY, a ACTIVE.
    expect(await statusesByName(db)).toEqual({ a: 'ACTIVE', b: 'READY' });
    const stopped = await stopModelTrial(db);
    expect(stopped).toMatchObject({ id: trial.id, status: 'STOPPED' });
    expect(stopped.endedAt).toBeInstanceOf(Date);
    expect(await runningModelTrial(db)).toBeNull();
    expect(await findModelTrial(db, trial.id)).toEqual(stopped);
    await expect(stopModelTrial(db)).rejects.toThrow('no trial is running');
    await expect(stopModelTrial(db, trial.id)).rejects.toThrow(`trial ${trial.id} has ended already (STOPPED at`);
    await expect(stopModelTrial(db, 424242)).rejects.toThrow('trial 424242 does not exist');
  });

  it('ends the trial as PROMOTED when its candidate is promoted, SUPERSEDED when another version becomes active', async () => {
    const [a, b, c] = [await createVersion(db, 'a'), await createVersion(db, 'b'), await createVersion(db, 'c')];
    await promoteModelVersion(db, a);
    const first = await startModelTrial(db, { candidateVersionId: b, share: 0.5 });
    const promoted = await promoteModelVersion(db, b);
    expect(promoted.endedTrial).toMatchObject({ id: first.id, status: 'PROMOTED' });
    expect(await runningModelTrial(db)).toBeNull();
    const second = await startModelTrial(db, { candidateVersionId: c, share: 0.1, plannedUsers: 25_000 });
    expect(second).toMatchObject({ controlVersionId: b, plannedUsers: 25_000 });
    const rolledBack = await rollbackModelVersion(db);
    expect(rolledBack).toMatchObject({ versionId: a, endedTrial: { id: second.id, status: 'SUPERSEDED' } });
    // A promotion with no trial running ends none.
    expect((await promoteModelVersion(db, c)).endedTrial).toBeUndefined();
  });

  it('refuses what cannot be tried, with the reason', async () => {
    const [a, b] = [await createVersion(db, 'a'), await createVersion(db, 'b')];
    await expect(startModelTrial(db, { candidateVersionId: b, share: 0.2 })).rejects.toThrow('no model version is ACTIVE: a trial compares a version with the active one, so promote a version first');
    await promoteModelVersion(db, a);
    await expect(startModelTrial(db, { candidateVersionId: a, share: 0.2 })).rejects.toThrow(`model version ${a} is the ACTIVE one`);
    await expect(startModelTrial(db, { candidateVersionId: 424242, share: 0.2 })).rejects.toThrow('model version 424242 does not exist');
    const training = await createVersion(db, 't', { status: 'TRAINING' });
    await expect(startModelTrial(db, { candidateVersionId: training, share: 0.2 })).rejects.toThrow(`model version ${training} is TRAINING: only a READY or RETIRED version can be tried`);
    const empty = await createVersion(db, 'e', { artifact: false });
    await expect(startModelTrial(db, { candidateVersionId: empty, share: 0.2 })).rejects.toThrow(`model version ${empty} has no trained artifact`);
    for (const share of [0, 1, 0.005, Number.NaN, -0.5]) {
      await expect(startModelTrial(db, { candidateVersionId: b, share })).rejects.toThrow(`share must be from 0.01 to 0.99 (the fraction of users the trial's version serves), got ${share}`);
    }
    for (const plannedUsers of [19, 10_000_001, 100.5, Number.NaN]) {
      await expect(startModelTrial(db, { candidateVersionId: b, share: 0.2, plannedUsers })).rejects.toThrow(`planned users must be a whole number from 20 to 10,000,000 (the users, both arms together, the trial means to reach), got ${plannedUsers}`);
    }
    const trial = await startModelTrial(db, { candidateVersionId: b, share: 0.99 });
    await expect(startModelTrial(db, { candidateVersionId: b, share: 0.2 })).rejects.toThrow(`trial ${trial.id} (version ${b} on 99% of users) is running: stop it before starting another`);
  });

  it('tries new-item slots on the active version, and ends that trial when another version becomes active', async () => {
    const [a, b] = [await createVersion(db, 'a'), await createVersion(db, 'b')];
    await promoteModelVersion(db, a);
    const trial = await startModelTrial(db, { candidateVersionId: a, share: 0.3, newItemSlots: 2 });
    expect(trial).toMatchObject({ candidateVersionId: a, controlVersionId: a, share: 0.3, newItemSlots: 2, newItemWithin: null, stopIfWorse: true, promoteIfBetter: false, status: 'RUNNING' });
    expect(await runningModelTrial(db)).toEqual(trial);
    // A trial of another version says so by its null slots.
    expect((await stopModelTrial(db)).newItemSlots).toBe(2);
    expect((await startModelTrial(db, { candidateVersionId: b, share: 0.3 })).newItemSlots).toBeNull();
    await stopModelTrial(db);
    // The slots' rank bound is tried with them (0: any rank), and kept as started.
    const bounded = await startModelTrial(db, { candidateVersionId: a, share: 0.3, newItemSlots: 1, newItemWithin: 50 });
    expect(bounded).toMatchObject({ newItemSlots: 1, newItemWithin: 50 });
    expect(await findModelTrial(db, bounded.id)).toEqual(bounded);
    expect((await stopModelTrial(db)).newItemWithin).toBe(50);
    expect((await startModelTrial(db, { candidateVersionId: a, share: 0.3, newItemSlots: 1, newItemWithin: 0 })).newItemWithin).toBe(0);
    await stopModelTrial(db);
    // A setting's arm serves the active version: another version activated supersedes it.
    const again = await startModelTrial(db, { candidateVersionId: a, share: 0.3, newItemSlots: 0 });
    expect((await promoteModelVersion(db, b)).endedTrial).toMatchObject({ id: again.id, status: 'SUPERSEDED' });
  });

  it('refuses a setting\'s trial on another version than the active one, one that would promote itself, and slots out of bounds', async () => {
    const [a, b] = [await createVersion(db, 'a'), await createVersion(db, 'b')];
    await promoteModelVersion(db, a);
    await expect(startModelTrial(db, { candidateVersionId: b, share: 0.2, newItemSlots: 1 })).rejects.toThrow(`model version ${b} is READY: a trial of new-item slots tries them on the ACTIVE version (leave newItemSlots out to try this version)`);
    await expect(startModelTrial(db, { candidateVersionId: a, share: 0.2 })).rejects.toThrow(`model version ${a} is the ACTIVE one: a trial tries another version beside it, or a setting on it (newItemSlots)`);
    await expect(startModelTrial(db, { candidateVersionId: a, share: 0.2, newItemSlots: 1, promoteIfBetter: true })).rejects.toThrow('new-item slots: a trial of a setting cannot promote itself');
    for (const newItemSlots of [-1, 101, 1.5, Number.NaN]) {
      await expect(startModelTrial(db, { candidateVersionId: a, share: 0.2, newItemSlots })).rejects.toThrow(`new-item slots must be a whole number from 0 to 100 (the slots the trial's lists keep for items added after training), got ${newItemSlots}`);
    }
    // A rank bound only bounds a setting's slots, and is a whole number ≥ 0.
    await expect(startModelTrial(db, { candidateVersionId: b, share: 0.2, newItemWithin: 50 })).rejects.toThrow('new-item within: a rank bound is tried with the new-item slots it bounds; give newItemSlots too');
    for (const newItemWithin of [-1, 2.5, Number.NaN, 2 ** 31]) {
      await expect(startModelTrial(db, { candidateVersionId: a, share: 0.2, newItemSlots: 1, newItemWithin })).rejects.toThrow(`new-item within must be a whole number ≥ 0 (only a new item the user's scores rank within the top this-many fills a slot; 0: any rank), got ${newItemWithin}`);
    }
    // The database holds the same: one version in both arms only with a setting, and a setting only then.
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share) VALUES ($1, $1, 0.2)', [a])).rejects.toThrow(/model_trials_two_arms_check|check/);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share, new_item_slots) VALUES ($1, $2, 0.2, 1)', [b, a])).rejects.toThrow(/model_trials_two_arms_check|check/);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share, new_item_slots) VALUES ($1, $1, 0.2, 101)', [a])).rejects.toThrow(/model_trials_new_item_slots_check|check/);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share, new_item_within) VALUES ($1, $2, 0.2, 50)', [b, a])).rejects.toThrow(/model_trials_new_item_within_check|check/);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share, new_item_slots, new_item_within) VALUES ($1, $1, 0.2, 1, -1)', [a])).rejects.toThrow(/model_trials_new_item_within_check|check/);
    expect(await runningModelTrial(db)).toBeNull();
  });

  it('has the database refuse a second running trial, a share outside (0, 1) and planned users out of bounds, whoever writes them', async () => {
    const [a, b, c] = [await createVersion(db, 'a'), await createVersion(db, 'b'), await createVersion(db, 'c')];
    await promoteModelVersion(db, a);
    await startModelTrial(db, { candidateVersionId: b, share: 0.2 });
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share) VALUES ($1, $2, 0.2)', [c, a])).rejects.toThrow(/model_trials_one_running|unique/);
    await stopModelTrial(db);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share) VALUES ($1, $2, 1)', [c, a])).rejects.toThrow(/model_trials_share_check|check/);
    await expect(db.sql.query('INSERT INTO model_trials (candidate_version_id, control_version_id, share, planned_users, status, ended_at) VALUES ($1, $2, 0.2, 10, \'STOPPED\', now())', [c, a])).rejects.toThrow(/model_trials_planned_users_check|check/);
  });

  it('goes with its versions: deleting the candidate deletes its trials', async () => {
    const [a, b] = [await createVersion(db, 'a'), await createVersion(db, 'b')];
    await promoteModelVersion(db, a);
    const trial = await startModelTrial(db, { candidateVersionId: b, share: 0.2 });
    await db.prisma.modelVersion.delete({ where: { id: b } });
    expect(await findModelTrial(db, trial.id)).toBeNull();
  });
});
