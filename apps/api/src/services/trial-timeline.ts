import type { Database } from '@fewshot/db';
import { inCandidateArm, type ModelTrialRecord } from '@fewshot/pipeline/lifecycle';
import { checkWithinMinutes, followingEvents } from './recommendation-outcomes.ts';
import { compareArms, type Estimate, type UserTally } from './trial-comparison.ts';

/** The overall follow-rate difference as it stood at one moment of a trial. */
export interface TrialMoment {
  at: Date;
  /** Users shown a list a model ranked before then, both arms. */
  users: number;
  /** Candidate − control, with the interval valid at every look; null before each arm had lists from two users. */
  followRateDifference: Estimate | null;
}

/** The most moments a timeline has: enough for a chart, few enough to compute per request. */
export const MAX_TIMELINE_POINTS = 50;

/**
 * How the overall follow-rate difference and its interval moved while the trial ran: at `points` moments evenly
 * spread from its start to its end (or now), each as it could have been read then, with the lists served and the
 * follows made by that moment only. Because the interval holds at every look, the whole line may be read: where
 * the band left 0 is where a guardrail could first act. The same lists as trialResults (known users, model paths,
 * each in the arm its user was drawn into).
 */
export async function trialTimeline(db: Database, trial: ModelTrialRecord, { withinMinutes, points = 20 }: { withinMinutes?: number | null; points?: number } = {}, now = new Date()): Promise<TrialMoment[]> {
  const within = checkWithinMinutes(withinMinutes);
  const count = Math.max(1, Math.min(MAX_TIMELINE_POINTS, Math.floor(points)));
  const since = trial.startedAt;
  const until = trial.endedAt ?? now;
  const rows = await db.sql.query<{ external_id: string; served_at: Date | string; followed_at: Date | string | null }>(
    `SELECT u.external_id, l.served_at,
            (SELECT min(x.occurred_at) ${followingEvents('$3', '$5')}) AS followed_at
       FROM served_lists l JOIN users u ON u.id = l.user_id
      WHERE l.served_at >= $1 AND l.served_at < $2 AND l.model_version_id = ANY($4::int[])
        AND l.path IN ('warm', 'few_shot', 'cold_unadapted')`,
    [since, until, within, [trial.controlVersionId, trial.candidateVersionId], now],
  );
  const lists = rows.map((row) => ({
    user: row.external_id,
    candidate: inCandidateArm(trial.id, row.external_id, trial.share),
    servedAt: new Date(row.served_at).getTime(),
    followedAt: row.followed_at === null ? Number.POSITIVE_INFINITY : new Date(row.followed_at).getTime(),
  }));
  const start = since.getTime();
  const span = until.getTime() - start;
  return Array.from({ length: count }, (_, i) => {
    const at = start + (span * (i + 1)) / count;
    const arms = { control: new Map<string, UserTally>(), candidate: new Map<string, UserTally>() };
    for (const list of lists) {
      if (list.servedAt >= at) continue;
      const tallies = list.candidate ? arms.candidate : arms.control;
      const tally = tallies.get(list.user) ?? { lists: 0, followed: 0, reciprocalRanks: 0 };
      tally.lists++;
      if (list.followedAt <= at) tally.followed++;
      tallies.set(list.user, tally);
    }
    const comparison = compareArms([...arms.control.values()], [...arms.candidate.values()], trial.plannedUsers);
    return { at: new Date(at), users: arms.control.size + arms.candidate.size, followRateDifference: comparison.followRateDifference };
  });
}
