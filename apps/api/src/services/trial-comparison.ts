import { sequenceZ, tuningFor } from './confidence-sequence.ts';

/** One user's lists in one arm of a trial (and one history range): how many, how many followed, their reciprocal ranks. */
export interface UserTally {
  lists: number;
  followed: number;
  /** Sum over the lists of 1 / the best rank followed (0 for a list not followed). */
  reciprocalRanks: number;
  /** Lists that showed an item their version was not trained on (none when absent). */
  newItemLists?: number;
  /** Lists followed on such an item. */
  newItemFollowed?: number;
}

/** A difference between the arms, candidate − control, with its always-valid 95% interval (confidence-sequence.ts). */
export interface Estimate {
  value: number;
  low: number;
  high: number;
  /** The difference's standard error over users (the one-look interval would be value ± 1.96 of it). */
  standardError: number;
}

export interface ArmSummary {
  users: number;
  lists: number;
  followed: number;
  /** followed / lists; null without lists. */
  followRate: number | null;
  meanReciprocalRank: number | null;
  /** Lists that showed an item their version was not trained on, and lists followed on one. */
  newItemLists: number;
  newItemFollowed: number;
  /** newItemFollowed / lists: how often a list gave a new item an event; null without lists. */
  newItemFollowRate: number | null;
}

export interface ArmComparison {
  control: ArmSummary;
  candidate: ArmSummary;
  /** Candidate − control follow rate; null until each arm has lists from two users. */
  followRateDifference: Estimate | null;
  meanReciprocalRankDifference: Estimate | null;
  /** Candidate − control newItemFollowRate: what an arm does for the items new to its version. */
  newItemFollowRateDifference: Estimate | null;
}

/**
 * Compares two arms of users. A user's lists are not independent of each other (the same person follows or ignores
 * several), so each rate is a ratio of per-user sums and its variance is the cluster-robust (delta method) one over
 * users: Var(Σy / Σn) ≈ Σ(yᵢ − R·nᵢ)² / (m(m − 1)·n̄²). The arms' users are disjoint draws, so the difference's
 * variance is the sum of the two. Its interval is the always-valid one after as many units as both arms hold users,
 * tuned for `plannedUsers` (confidence-sequence.ts): a trial's results may be read every day.
 */
export function compareArms(control: readonly UserTally[], candidate: readonly UserTally[], plannedUsers: number): ArmComparison {
  const z = sequenceZ(control.length + candidate.length, tuningFor(plannedUsers));
  return {
    control: summarise(control),
    candidate: summarise(candidate),
    followRateDifference: difference(ratio(control, (u) => u.followed), ratio(candidate, (u) => u.followed), z),
    meanReciprocalRankDifference: difference(ratio(control, (u) => u.reciprocalRanks), ratio(candidate, (u) => u.reciprocalRanks), z),
    newItemFollowRateDifference: difference(ratio(control, (u) => u.newItemFollowed ?? 0), ratio(candidate, (u) => u.newItemFollowed ?? 0), z),
  };
}

/**
 * The half-width a difference's interval is expected to have once `plannedUsers` users are in the trial, from its
 * standard error now over `users` users (a standard error shrinks as one over the square root of the users): the
 * smallest difference the plan can tell from none. Null once the plan is reached.
 */
export function halfWidthAtPlan(estimate: Estimate, users: number, plannedUsers: number): number | null {
  if (users >= plannedUsers) return null;
  return sequenceZ(plannedUsers, tuningFor(plannedUsers)) * estimate.standardError * Math.sqrt(users / plannedUsers);
}

function summarise(users: readonly UserTally[]): ArmSummary {
  let lists = 0;
  let followed = 0;
  let reciprocalRanks = 0;
  let newItemLists = 0;
  let newItemFollowed = 0;
  for (const user of users) {
    lists += user.lists;
    followed += user.followed;
    reciprocalRanks += user.reciprocalRanks;
    newItemLists += user.newItemLists ?? 0;
    newItemFollowed += user.newItemFollowed ?? 0;
  }
  const per = (sum: number) => (lists > 0 ? sum / lists : null);
  return { users: users.length, lists, followed, followRate: per(followed), meanReciprocalRank: per(reciprocalRanks), newItemLists, newItemFollowed, newItemFollowRate: per(newItemFollowed) };
}

/** A ratio estimate over users and its variance; undefined with fewer than two users (no variance to estimate). */
function ratio(users: readonly UserTally[], numerator: (user: UserTally) => number): { value: number; variance: number } | undefined {
  const m = users.length;
  if (m < 2) return undefined;
  let sumY = 0;
  let sumN = 0;
  for (const user of users) {
    sumY += numerator(user);
    sumN += user.lists;
  }
  const value = sumY / sumN;
  let squares = 0;
  for (const user of users) squares += (numerator(user) - value * user.lists) ** 2;
  const meanLists = sumN / m;
  return { value, variance: squares / (m * (m - 1) * meanLists ** 2) };
}

/**
 * The difference and its interval (z standard errors either side), cut to [−1, 1]: both rates lie in [0, 1], so
 * their difference cannot leave that range, although with few users the normal approximation's interval can.
 */
function difference(control: ReturnType<typeof ratio>, candidate: ReturnType<typeof ratio>, z: number): Estimate | null {
  if (!control || !candidate) return null;
  const value = candidate.value - control.value;
  const standardError = Math.sqrt(control.variance + candidate.variance);
  const half = z * standardError;
  return { value, low: Math.max(-1, value - half), high: Math.min(1, value + half), standardError };
}
