/** One user's lists in one arm of a trial (and one history range): how many, how many followed, their reciprocal ranks. */
export interface UserTally {
  lists: number;
  followed: number;
  /** Sum over the lists of 1 / the best rank followed (0 for a list not followed). */
  reciprocalRanks: number;
}

/** A difference between the arms, candidate − control, with its 95% interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface ArmSummary {
  users: number;
  lists: number;
  followed: number;
  /** followed / lists; null without lists. */
  followRate: number | null;
  meanReciprocalRank: number | null;
}

export interface ArmComparison {
  control: ArmSummary;
  candidate: ArmSummary;
  /** Candidate − control follow rate; null until each arm has lists from two users. */
  followRateDifference: Estimate | null;
  meanReciprocalRankDifference: Estimate | null;
}

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Compares two arms of users. A user's lists are not independent of each other (the same person follows or ignores
 * several), so each rate is a ratio of per-user sums and its variance is the cluster-robust (delta method) one over
 * users: Var(Σy / Σn) ≈ Σ(yᵢ − R·nᵢ)² / (m(m − 1)·n̄²). The arms' users are disjoint draws, so the difference's
 * variance is the sum of the two.
 */
export function compareArms(control: readonly UserTally[], candidate: readonly UserTally[]): ArmComparison {
  return {
    control: summarise(control),
    candidate: summarise(candidate),
    followRateDifference: difference(ratio(control, (u) => u.followed), ratio(candidate, (u) => u.followed)),
    meanReciprocalRankDifference: difference(ratio(control, (u) => u.reciprocalRanks), ratio(candidate, (u) => u.reciprocalRanks)),
  };
}

function summarise(users: readonly UserTally[]): ArmSummary {
  let lists = 0;
  let followed = 0;
  let reciprocalRanks = 0;
  for (const user of users) {
    lists += user.lists;
    followed += user.followed;
    reciprocalRanks += user.reciprocalRanks;
  }
  return { users: users.length, lists, followed, followRate: lists > 0 ? followed / lists : null, meanReciprocalRank: lists > 0 ? reciprocalRanks / lists : null };
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
 * The difference and its normal interval, cut to [−1, 1]: both rates lie in [0, 1], so their difference cannot leave
 * that range, although with few users the normal approximation's interval can.
 */
function difference(control: ReturnType<typeof ratio>, candidate: ReturnType<typeof ratio>): Estimate | null {
  if (!control || !candidate) return null;
  const value = candidate.value - control.value;
  const half = Z95 * Math.sqrt(control.variance + candidate.variance);
  return { value, low: Math.max(-1, value - half), high: Math.min(1, value + half) };
}
