import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { findModelTrial, inCandidateArm, promoteModelVersion, startModelTrial } from '@fewshot/pipeline/lifecycle';
import { createVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialResults } from './trial-results.ts';

describe.each(await testDatabaseTargets())('a trial\'s results on $kind', ({ create }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await create();
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it('counts, per arm, the lists that showed items added after training and those followed on one', async () => {
    const [control, candidate] = [await createVersion(db, 'control'), await createVersion(db, 'candidate')];
    await promoteModelVersion(db, control);
    const started = await startModelTrial(db, { candidateVersionId: candidate, share: 0.5, stopIfWorse: false });
    const now = new Date(Date.UTC(2026, 11, 7, 12, 0));
    const start = new Date(now.getTime() - 60 * 60_000);
    await db.sql.query('UPDATE model_trials SET started_at = $2 WHERE id = $1', [started.id, start]);
    const trial = (await findModelTrial(db, started.id))!;
    await db.prisma.item.createMany({ data: ['old', 'new'].map((name) => ({ externalId: `results-${name}`, title: name })) });
    const [old, added] = (await db.prisma.item.findMany({ orderBy: { id: 'asc' } })).map((item) => item.id) as [number, number];
    // Two users an arm, the trial's own draw.
    const arms: Record<'control' | 'candidate', number[]> = { control: [], candidate: [] };
    for (let i = 0; arms.control.length < 2 || arms.candidate.length < 2; i++) {
      const externalId = `results-${i}`;
      const arm = inCandidateArm(trial.id, externalId, 0.5) ? arms.candidate : arms.control;
      if (arm.length < 2) arm.push((await db.prisma.user.create({ data: { externalId } })).id);
    }
    const show = (user: number, version: number, newItems: number[]) =>
      db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, new_item_ids, served_at) VALUES ($1, $2, 'few_shot', 3, $3::int[], $4::int[], $5)`, [user, version, `{${old},${added}}`, `{${newItems.join(',')}}`, new Date(start.getTime() + 60_000)]);
    const follow = (user: number, item: number) => db.sql.query('INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3)', [user, item, new Date(start.getTime() + 2 * 60_000)]);
    // Control: the new item in neither list as new (the control version was trained on it), one user follows it.
    // Candidate: both lists show it as new; one user follows it, the other the old item.
    for (const user of arms.control) await show(user, control, []);
    for (const user of arms.candidate) await show(user, candidate, [added]);
    await follow(arms.control[0]!, added);
    await follow(arms.candidate[0]!, added);
    await follow(arms.candidate[1]!, old);
    const { overall, sampleRatio } = await trialResults(db, trial, {}, now);
    expect(overall.control).toMatchObject({ lists: 2, followed: 1, newItemLists: 0, newItemFollowed: 0, newItemFollowRate: 0 });
    expect(overall.candidate).toMatchObject({ lists: 2, followed: 2, newItemLists: 2, newItemFollowed: 1, newItemFollowRate: 0.5 });
    expect(overall.newItemFollowRateDifference!.value).toBeCloseTo(0.5, 12);
    expect(sampleRatio).toMatchObject({ controlUsers: 2, candidateUsers: 2, candidateShare: 0.5, mismatch: false });
  });
});
