import { describe, expect, it } from 'vitest';
import { compareArms, type UserTally } from './trial-comparison.ts';

const user = (lists: number, followed: number, reciprocalRanks = followed): UserTally => ({ lists, followed, reciprocalRanks });

describe('compareArms', () => {
  it('gives each arm its rates and the difference with the cluster-robust interval, computed by hand', () => {
    // Control: users with 2/1, 2/0 lists/followed: R = 1/4; residuals 1 − 0.5 = 0.5 and 0 − 0.5 = −0.5;
    // variance = 0.5 / (2 · 1 · 2²) = 0.0625. Candidate: 1/1, 3/1: R = 2/4 = 0.5; residuals 0.5, −0.5; the same 0.0625.
    const result = compareArms([user(2, 1), user(2, 0)], [user(1, 1, 0.5), user(3, 1, 0.25)]);
    expect(result.control).toEqual({ users: 2, lists: 4, followed: 1, followRate: 0.25, meanReciprocalRank: 0.25 });
    expect(result.candidate).toEqual({ users: 2, lists: 4, followed: 2, followRate: 0.5, meanReciprocalRank: 0.1875 });
    const half = 1.959963984540054 * Math.sqrt(0.125);
    expect(result.followRateDifference!.value).toBeCloseTo(0.25, 12);
    expect(result.followRateDifference!.low).toBeCloseTo(0.25 - half, 12);
    expect(result.followRateDifference!.high).toBeCloseTo(0.25 + half, 12);
    // Reciprocal ranks: control as above (R = 0.25, variance 0.0625); candidate R = 0.75 / 4 = 0.1875, residuals
    // 0.5 − 0.1875 = 0.3125 and 0.25 − 0.5625 = −0.3125: variance 2 · 0.3125² / (2 · 1 · 4) = 0.0244140625.
    const rrHalf = 1.959963984540054 * Math.sqrt(0.0625 + 0.0244140625);
    expect(result.meanReciprocalRankDifference!.value).toBeCloseTo(-0.0625, 12);
    expect(result.meanReciprocalRankDifference!.high).toBeCloseTo(-0.0625 + rrHalf, 12);
  });

  it('treats one user\'s many lists as one draw: the interval narrows with users, not with lists', () => {
    const few = compareArms(Array.from({ length: 10 }, (_, i) => user(100, i % 2 === 0 ? 100 : 0)), Array.from({ length: 10 }, (_, i) => user(100, i % 2 === 0 ? 100 : 0)));
    const many = compareArms(Array.from({ length: 1000 }, (_, i) => user(1, i % 2)), Array.from({ length: 1000 }, (_, i) => user(1, i % 2)));
    expect(few.followRateDifference!.value).toBeCloseTo(0, 12);
    expect(many.followRateDifference!.value).toBeCloseTo(0, 12);
    const width = (e: { low: number; high: number }) => e.high - e.low;
    // Both arms hold 1,000 lists at 50% followed; 10 users who always or never follow tell far less than 1,000 users.
    expect(width(few.followRateDifference!)).toBeGreaterThan(5 * width(many.followRateDifference!));
  });

  it('cuts the interval to [−1, 1], where a difference of two rates lies', () => {
    // Control 1 of 2 users followed (variance 0.25), candidate both: +0.5 ± 0.98 would reach 1.48.
    const result = compareArms([user(1, 1), user(1, 0)], [user(1, 1), user(1, 1)]);
    expect(result.followRateDifference!.value).toBeCloseTo(0.5, 12);
    expect(result.followRateDifference!.low).toBeCloseTo(0.5 - 1.959963984540054 * 0.5, 12);
    expect(result.followRateDifference!.high).toBe(1);
  });

  it('gives no interval before each arm has two users, and no rate without lists', () => {
    const result = compareArms([], [user(3, 1)]);
    expect(result.control).toEqual({ users: 0, lists: 0, followed: 0, followRate: null, meanReciprocalRank: null });
    expect(result.candidate.followRate).toBeCloseTo(1 / 3, 12);
    expect(result.followRateDifference).toBeNull();
    expect(result.meanReciprocalRankDifference).toBeNull();
  });
});
