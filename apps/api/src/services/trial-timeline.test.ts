import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { findModelTrial, inCandidateArm, promoteModelVersion, startModelTrial } from '@fewshot/pipeline/lifecycle';
import { createVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialResults } from './trial-results.ts';
import { trialTimeline } from './trial-timeline.ts';

describe.each(await testDatabaseTargets())('a trial\'s timeline on $kind', ({ create }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await create();
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it('reads the difference at each moment with only the lists and follows made before it', async () => {
    const [control, candidate] = [await createVersion(db, 'control'), await createVersion(db, 'candidate')];
    await promoteModelVersion(db, control);
    const started = await startModelTrial(db, { candidateVersionId: candidate, share: 0.5, stopIfWorse: false });
    // The trial began 100 minutes before `now`: two moments, at +50 and +100 minutes.
    const now = new Date(Date.UTC(2026, 11, 7, 12, 0));
    const start = new Date(now.getTime() - 100 * 60_000);
    await db.sql.query('UPDATE model_trials SET started_at = $2 WHERE id = $1', [started.id, start]);
    const trial = (await findModelTrial(db, started.id))!;
    const item = (await db.prisma.item.create({ data: { externalId: 'timeline-item', title: 'Timeline' } })).id;
    // Three users in each arm (the trial's own draw).
    const arms: Record<'control' | 'candidate', string[]> = { control: [], candidate: [] };
    for (let i = 0; arms.control.length < 3 || arms.candidate.length < 3; i++) {
      const id = `timeline-${i}`;
      const arm = inCandidateArm(trial.id, id, 0.5) ? arms.candidate : arms.control;
      if (arm.length < 3) arm.push(id);
    }
    // [minutes after the start the list was shown, minutes after the start it was followed (null: never)].
    const lists: Record<'control' | 'candidate', Array<[number, number | null]>> = {
      control: [[10, 15], [20, null], [60, 61]],
      candidate: [[10, 55], [30, 31], [70, 75]],
    };
    const minutes = (m: number) => new Date(start.getTime() + m * 60_000);
    for (const arm of ['control', 'candidate'] as const) {
      for (const [i, externalId] of arms[arm].entries()) {
        const user = await db.prisma.user.create({ data: { externalId } });
        const [shown, followed] = lists[arm][i]!;
        await db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at) VALUES ($1, $2, 'few_shot', 3, $3::int[], $4)`, [user.id, arm === 'candidate' ? candidate : control, `{${item}}`, minutes(shown)]);
        if (followed !== null) await db.sql.query('INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3)', [user.id, item, minutes(followed)]);
      }
    }
    // A client may date an event up to a day ahead: the control list never followed gets an event 10 minutes after
    // `now`, within its window. Read at `now` it has not happened, so it follows nothing, there or in the results.
    const unfollowed = await db.prisma.user.findUniqueOrThrow({ where: { externalId: arms.control[1]! } });
    await db.sql.query('INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3)', [unfollowed.id, item, new Date(now.getTime() + 10 * 60_000)]);
    const timeline = await trialTimeline(db, trial, { points: 2 }, now);
    expect(timeline.map((moment) => [moment.at.toISOString(), moment.users])).toEqual([[minutes(50).toISOString(), 4], [now.toISOString(), 6]]);
    // At +50: control 1 of 2 followed; the candidate's first list was followed only at +55, so 1 of 2 as well.
    expect(timeline[0]!.followRateDifference!.value).toBeCloseTo(0, 12);
    // At +100: control 2 of 3, candidate 3 of 3; the same as the results read now.
    expect(timeline[1]!.followRateDifference!.value).toBeCloseTo(1 / 3, 12);
    const results = await trialResults(db, trial, {}, now);
    expect(timeline[1]!.followRateDifference).toEqual(results.overall.followRateDifference);
    // One moment: the end alone; more than 50 asked of the function are cut to 50.
    expect((await trialTimeline(db, trial, { points: 1 }, now)).map((moment) => moment.users)).toEqual([6]);
    expect(await trialTimeline(db, trial, { points: 500 }, now)).toHaveLength(50);
  });
});
