import { mulberry32 } from '@fewshot/features/testing';
import { describe, expect, it } from 'vitest';
import { sequenceZ, tuningFor } from './confidence-sequence.ts';
import { compareArms, halfWidthAtPlan, type UserTally } from './trial-comparison.ts';

const user = (lists: number, followed: number, reciprocalRanks = followed): UserTally => ({ lists, followed, reciprocalRanks });

/** The always-valid interval's multiple of the standard error, written out (α = 0.05): confidence-sequence.ts. */
function zByHand(users: number, plannedUsers: number): number {
  const rho2 = (2 * Math.log(20) + Math.log(1 + 2 * Math.log(20))) / plannedUsers;
  return Math.sqrt(((1 + rho2 * users) / (rho2 * users)) * (2 * Math.log(20) + Math.log(1 + rho2 * users)));
}

describe('the always-valid interval (confidence-sequence.ts)', () => {
  it('is about 3.04 standard errors at the planned users, whatever they are, and wider before and after', () => {
    // At ρ²t = 2·ln 20 + ln(1 + 2·ln 20) = 7.936: z² = (8.936 / 7.936)·(5.991 + ln 8.936) = 9.213.
    expect(sequenceZ(1000, tuningFor(1000))).toBeCloseTo(3.0352, 4);
    expect(sequenceZ(50, tuningFor(50))).toBeCloseTo(3.0352, 4);
    expect(sequenceZ(100, tuningFor(1000))).toBeCloseTo(zByHand(100, 1000), 12);
    expect(sequenceZ(100, tuningFor(1000))).toBeGreaterThan(3.5);
    expect(sequenceZ(10_000, tuningFor(1000))).toBeGreaterThan(3.1);
  });
});

describe('compareArms', () => {
  it('gives each arm its rates and the difference with the cluster-robust interval, computed by hand', () => {
    // Control: users with 2/1, 2/0 lists/followed: R = 1/4; residuals 1 − 0.5 = 0.5 and 0 − 0.5 = −0.5;
    // variance = 0.5 / (2 · 1 · 2²) = 0.0625. Candidate: 1/1, 3/1: R = 2/4 = 0.5; residuals 0.5, −0.5; the same 0.0625.
    // Planned as if 4 users were the plan, the interval is ±3.035 standard errors (it would be ±14 at 4 of 1,000).
    const result = compareArms([user(2, 1), user(2, 0)], [user(1, 1, 0.5), user(3, 1, 0.25)], 4);
    const noNewItems = { newItemLists: 0, newItemFollowed: 0, newItemFollowRate: 0 };
    expect(result.control).toEqual({ users: 2, lists: 4, followed: 1, followRate: 0.25, meanReciprocalRank: 0.25, ...noNewItems });
    expect(result.candidate).toEqual({ users: 2, lists: 4, followed: 2, followRate: 0.5, meanReciprocalRank: 0.1875, ...noNewItems });
    const half = zByHand(4, 4) * Math.sqrt(0.125);
    expect(result.followRateDifference!.value).toBeCloseTo(0.25, 12);
    expect(result.followRateDifference!.standardError).toBeCloseTo(Math.sqrt(0.125), 12);
    expect(result.followRateDifference!.low).toBeCloseTo(0.25 - half, 12);
    // 0.25 + 1.07 is cut to 1.
    expect(result.followRateDifference!.high).toBe(1);
    // Reciprocal ranks: control as above (R = 0.25, variance 0.0625); candidate R = 0.75 / 4 = 0.1875, residuals
    // 0.5 − 0.1875 = 0.3125 and 0.25 − 0.5625 = −0.3125: variance 2 · 0.3125² / (2 · 1 · 4) = 0.0244140625.
    const rrHalf = zByHand(4, 4) * Math.sqrt(0.0625 + 0.0244140625);
    expect(result.meanReciprocalRankDifference!.value).toBeCloseTo(-0.0625, 12);
    expect(result.meanReciprocalRankDifference!.low).toBeCloseTo(-0.0625 - rrHalf, 12);
    expect(result.meanReciprocalRankDifference!.high).toBeCloseTo(-0.0625 + rrHalf, 12);
  });

  it('treats one user\'s many lists as one draw: the interval narrows with users, not with lists', () => {
    const few = compareArms(Array.from({ length: 10 }, (_, i) => user(100, i % 2 === 0 ? 100 : 0)), Array.from({ length: 10 }, (_, i) => user(100, i % 2 === 0 ? 100 : 0)), 1000);
    const many = compareArms(Array.from({ length: 1000 }, (_, i) => user(1, i % 2)), Array.from({ length: 1000 }, (_, i) => user(1, i % 2)), 1000);
    expect(few.followRateDifference!.value).toBeCloseTo(0, 12);
    expect(many.followRateDifference!.value).toBeCloseTo(0, 12);
    const width = (e: { low: number; high: number }) => e.high - e.low;
    // Both arms hold 1,000 lists at 50% followed; 10 users who always or never follow tell far less than 1,000 users.
    expect(width(few.followRateDifference!)).toBeGreaterThan(5 * width(many.followRateDifference!));
  });

  it('compares how often each arm\'s lists were followed on an item added after training, over users', () => {
    // Control: 2 users, 2 lists each, new items in one list of each, none followed on one: 0 of 4. Candidate: new
    // items in every list, followed on one in 1 of 2 lists for one user and 2 of 2 for the other: 3 of 4.
    // Residuals 1 − 0.75·2 = −0.5 and 2 − 1.5 = 0.5: variance 0.5 / (2 · 1 · 2²) = 0.0625; control 0.
    const result = compareArms(
      [{ ...user(2, 1), newItemLists: 1, newItemFollowed: 0 }, { ...user(2, 0), newItemLists: 1, newItemFollowed: 0 }],
      [{ ...user(2, 1), newItemLists: 2, newItemFollowed: 1 }, { ...user(2, 2), newItemLists: 2, newItemFollowed: 2 }],
      4,
    );
    expect(result.control).toMatchObject({ newItemLists: 2, newItemFollowed: 0, newItemFollowRate: 0 });
    expect(result.candidate).toMatchObject({ newItemLists: 4, newItemFollowed: 3, newItemFollowRate: 0.75 });
    expect(result.newItemFollowRateDifference!.value).toBeCloseTo(0.75, 12);
    expect(result.newItemFollowRateDifference!.standardError).toBeCloseTo(0.25, 12);
  });

  it('cuts the interval to [−1, 1], where a difference of two rates lies', () => {
    // Control 1 of 2 users followed (variance 0.25), candidate both: +0.5 ± 3.035 · 0.5 would reach 2.02.
    const result = compareArms([user(1, 1), user(1, 0)], [user(1, 1), user(1, 1)], 4);
    expect(result.followRateDifference!.value).toBeCloseTo(0.5, 12);
    expect(result.followRateDifference!.low).toBe(-1);
    expect(result.followRateDifference!.high).toBe(1);
  });

  it('gives no interval before each arm has two users, and no rate without lists', () => {
    const result = compareArms([], [user(3, 1)], 1000);
    expect(result.control).toEqual({ users: 0, lists: 0, followed: 0, followRate: null, meanReciprocalRank: null, newItemLists: 0, newItemFollowed: 0, newItemFollowRate: null });
    expect(result.candidate.followRate).toBeCloseTo(1 / 3, 12);
    expect(result.followRateDifference).toBeNull();
    expect(result.meanReciprocalRankDifference).toBeNull();
  });
});

describe('halfWidthAtPlan', () => {
  it('scales the standard error by the square root of the users to come, at the plan\'s multiple', () => {
    const estimate = { value: 0, low: -0.1, high: 0.1, standardError: 0.02 };
    // 250 of 1,000 users: the standard error halves by then, and the plan's interval is 3.035 of it.
    expect(halfWidthAtPlan(estimate, 250, 1000)).toBeCloseTo(zByHand(1000, 1000) * 0.01, 12);
    expect(halfWidthAtPlan(estimate, 1000, 1000)).toBeNull();
  });
});

/** A trial simulated user by user: each user's lists, and how many they follow, drawn with a seeded generator. */
function simulatedTrial(seed: number, users: number, share: number, lift: number): { control: UserTally[]; candidate: UserTally[]; arms: boolean[] } {
  const random = mulberry32(seed);
  const control: UserTally[] = [];
  const candidate: UserTally[] = [];
  const arms: boolean[] = [];
  for (let i = 0; i < users; i++) {
    const inCandidate = random() < share;
    // Users differ: some follow often, some rarely, and some get many lists.
    const followProbability = 0.1 + 0.4 * random() + (inCandidate ? lift : 0);
    const lists = 1 + Math.floor(-Math.log(1 - random()) * 2);
    let followed = 0;
    for (let j = 0; j < lists; j++) if (random() < followProbability) followed++;
    (inCandidate ? candidate : control).push(user(lists, followed));
    arms.push(inCandidate);
  }
  return { control, candidate, arms };
}

/** Whether the interval read after every `step` users ever leaves out 0: the one-look interval's and the always-valid one's. */
function everExcludesZero(trial: ReturnType<typeof simulatedTrial>, step: number, plannedUsers: number): { oneLook: boolean; sequence: boolean } {
  let oneLook = false;
  let sequence = false;
  let inControl = 0;
  let inCandidate = 0;
  for (let seen = 0; seen < trial.arms.length; seen++) {
    if (trial.arms[seen]) inCandidate++;
    else inControl++;
    if ((seen + 1) % step !== 0) continue;
    const estimate = compareArms(trial.control.slice(0, inControl), trial.candidate.slice(0, inCandidate), plannedUsers).followRateDifference;
    if (!estimate) continue;
    if (estimate.low > 0 || estimate.high < 0) sequence = true;
    if (Math.abs(estimate.value) > 1.959963984540054 * estimate.standardError) oneLook = true;
  }
  return { oneLook, sequence };
}

describe('reading a trial every day', () => {
  it('keeps the always-valid interval\'s misses under 5% where the one-look interval, read as often, misses far more', () => {
    // 300 trials without any difference between the arms, each read 40 times (every 100 of 4,000 users). Measured:
    // the one-look interval left out 0 at some reading in 103 of them (34%), the always-valid one in 4 (1.3%).
    let oneLookMisses = 0;
    let sequenceMisses = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { oneLook, sequence } = everExcludesZero(simulatedTrial(seed, 4000, 0.3, 0), 100, 1000);
      if (oneLook) oneLookMisses++;
      if (sequence) sequenceMisses++;
    }
    expect(oneLookMisses / 300).toBeGreaterThan(0.2);
    expect(sequenceMisses / 300).toBeLessThanOrEqual(0.05);
  });

  it('still finds a real difference: 8 points more followed show by 4,000 users in nearly every trial', () => {
    // Measured: all 100.
    let found = 0;
    for (let seed = 1; seed <= 100; seed++) if (everExcludesZero(simulatedTrial(seed, 4000, 0.3, 0.08), 100, 1000).sequence) found++;
    expect(found / 100).toBeGreaterThanOrEqual(0.9);
  });
});
