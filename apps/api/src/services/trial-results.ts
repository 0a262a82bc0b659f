import type { Database } from '@fewshot/db';
import { inCandidateArm, type ModelTrialRecord } from '@fewshot/pipeline/lifecycle';
import { checkWithinMinutes, followingEvents, HISTORY_RANGES, listOutcomeColumns } from './recommendation-outcomes.ts';
import { compareArms, halfWidthAtPlan, type ArmComparison, type UserTally } from './trial-comparison.ts';
import { sampleRatioTest, type SampleRatio } from './sample-ratio.ts';

export interface TrialRangeComparison extends ArmComparison {
  historyFrom: number;
  historyTo: number | null;
}

export interface TrialResults {
  /** The lists compared were served from `since` (the trial's start) to `until` (its end, or now). */
  since: Date;
  until: Date;
  withinMinutes: number;
  /** The users in the trial so far (both arms, those shown a list a model ranked) against the trial's plan. */
  users: number;
  plannedUsers: number;
  /**
   * The half-width the follow-rate difference's interval is expected to have at the planned users, from the spread
   * seen so far: a smaller true difference will likely not show. Null before there is an interval, and once the plan
   * is reached.
   */
  followRateHalfWidthAtPlan: number | null;
  /**
   * When the plan will be reached at the pace users joined so far (a straight line: returning users join no more, so
   * the pace tends to slow and this to come early). Null once reached, before anyone joined, and once the trial ended.
   */
  planReachedAround: Date | null;
  /**
   * Whether the users split into the arms as the trial's share drew them (sample-ratio.ts). A mismatch means the arms
   * are no longer the same population, and the comparison says nothing about the version.
   */
  sampleRatio: SampleRatio;
  overall: ArmComparison;
  /** The same comparison for each range of the users' events when served (recommendationOutcomes' ranges) that has lists. */
  byHistory: TrialRangeComparison[];
  /** Lists served by the other arm's version (a replica still loading the trial's version, or unable to): counted in their user's arm all the same. */
  otherVersionLists: number;
  /** Lists served less than `withinMinutes` ago: they may still be followed. */
  stillOpen: number;
}

/**
 * How a trial's two arms followed their lists: every list recorded for a known user while the trial ran and ranked
 * by a model (the warm, few-shot and cold-unadapted paths; counted lists for users without history are each version's
 * first-items count, not its model), counted in the arm the user was drawn into (intention to treat: a list a
 * user of the candidate arm got from the active version, while a replica loaded the trial's, still counts for the
 * candidate arm), compared per user (trial-comparison.ts) with intervals valid at every look.
 */
export async function trialResults(db: Database, trial: ModelTrialRecord, { withinMinutes }: { withinMinutes?: number | null } = {}, now = new Date()): Promise<TrialResults> {
  const within = checkWithinMinutes(withinMinutes);
  const since = trial.startedAt;
  const until = trial.endedAt ?? now;
  const rows = await db.sql.query<{ external_id: string; model_version_id: number; bucket: number; lists: number; followed: number; rr_sum: number | string; still_open: number; first_served: Date | string; new_lists: number; new_followed: number }>(
    `WITH lists AS (
       SELECT l.user_id, l.model_version_id, l.served_at, cardinality(l.new_item_ids) > 0 AS shows_new,
              EXISTS (SELECT 1 ${followingEvents('$3', '$4')} AND x.item_id = ANY(l.new_item_ids)) AS new_followed,
              ${listOutcomeColumns('$3', '$4')}
         FROM served_lists l
        WHERE l.served_at >= $1 AND l.served_at < $2 AND l.model_version_id = ANY($5::int[])
          AND l.path IN ('warm', 'few_shot', 'cold_unadapted'))
     SELECT u.external_id, lists.model_version_id, lists.bucket, count(*)::int AS lists, count(best_rank)::int AS followed,
            coalesce(sum(1.0 / best_rank), 0)::float8 AS rr_sum, (count(*) FILTER (WHERE open))::int AS still_open,
            min(lists.served_at) AS first_served,
            (count(*) FILTER (WHERE shows_new))::int AS new_lists, (count(*) FILTER (WHERE new_followed))::int AS new_followed
       FROM lists JOIN users u ON u.id = lists.user_id
      GROUP BY u.external_id, lists.model_version_id, lists.bucket`,
    [since, until, within, now, [trial.controlVersionId, trial.candidateVersionId]],
  );
  // Per arm: each user's tally over all ranges, and per range.
  const overall = { control: new Map<string, UserTally>(), candidate: new Map<string, UserTally>() };
  const byRange = HISTORY_RANGES.map(() => ({ control: new Map<string, UserTally>(), candidate: new Map<string, UserTally>() }));
  // Each user's arm and first list: the order users joined in, for the sample-ratio check.
  const joined = new Map<string, { user: string; inCandidate: boolean; at: number }>();
  let otherVersionLists = 0;
  let stillOpen = 0;
  for (const row of rows) {
    const inCandidate = inCandidateArm(trial.id, row.external_id, trial.share);
    const arm = inCandidate ? 'candidate' : 'control';
    const at = new Date(row.first_served).getTime();
    const known = joined.get(row.external_id);
    if (!known || at < known.at) joined.set(row.external_id, { user: row.external_id, inCandidate, at });
    const armVersion = arm === 'candidate' ? trial.candidateVersionId : trial.controlVersionId;
    const tally = { lists: Number(row.lists), followed: Number(row.followed), reciprocalRanks: Number(row.rr_sum), newItemLists: Number(row.new_lists), newItemFollowed: Number(row.new_followed) };
    if (Number(row.model_version_id) !== armVersion) otherVersionLists += tally.lists;
    stillOpen += Number(row.still_open);
    add(overall[arm], row.external_id, tally);
    add(byRange[Number(row.bucket)]![arm], row.external_id, tally);
  }
  const compare = (arms: typeof overall) => compareArms([...arms.control.values()], [...arms.candidate.values()], trial.plannedUsers);
  const byHistory = byRange.flatMap((arms, i): TrialRangeComparison[] => {
    if (arms.control.size + arms.candidate.size === 0) return [];
    const [historyFrom, historyTo] = HISTORY_RANGES[i]!;
    return [{ historyFrom, historyTo, ...compare(arms) }];
  });
  const comparison = compare(overall);
  const users = overall.control.size + overall.candidate.size;
  // Users who joined in the same millisecond in a fixed order, so that the same lists always give the same p-value.
  const arrivals = [...joined.values()].sort((a, b) => a.at - b.at || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0)).map((user) => user.inCandidate);
  const rate = comparison.followRateDifference;
  return {
    since,
    until,
    withinMinutes: within,
    users,
    plannedUsers: trial.plannedUsers,
    followRateHalfWidthAtPlan: rate ? halfWidthAtPlan(rate, users, trial.plannedUsers) : null,
    planReachedAround: trial.status === 'RUNNING' ? planReachedAround(since, until, users, trial.plannedUsers) : null,
    sampleRatio: sampleRatioTest(arrivals, trial.share),
    overall: comparison,
    byHistory,
    otherVersionLists,
    stillOpen,
  };
}

function planReachedAround(since: Date, now: Date, users: number, plannedUsers: number): Date | null {
  if (users === 0 || users >= plannedUsers) return null;
  const elapsed = now.getTime() - since.getTime();
  return new Date(now.getTime() + (elapsed * (plannedUsers - users)) / users);
}

function add(tallies: Map<string, UserTally>, user: string, tally: UserTally): void {
  const found = tallies.get(user);
  if (!found) tallies.set(user, { ...tally });
  else {
    found.lists += tally.lists;
    found.followed += tally.followed;
    found.reciprocalRanks += tally.reciprocalRanks;
    found.newItemLists = (found.newItemLists ?? 0) + (tally.newItemLists ?? 0);
    found.newItemFollowed = (found.newItemFollowed ?? 0) + (tally.newItemFollowed ?? 0);
  }
}
