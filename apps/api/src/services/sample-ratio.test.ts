import { mulberry32 } from '@fewshot/features/testing';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RATIO_LEVEL, sampleRatioTest } from './sample-ratio.ts';

/** Γ(a + x) / Γ(a) for a whole x, as a product. */
const rising = (a: number, x: number): number => Array.from({ length: x }, (_, j) => a + j).reduce((p, v) => p * v, 1);

/** The mixture likelihood ratio after `control` and `candidate` users, in closed form (a Dirichlet(100·share) prior). */
function ratioByHand(control: number, candidate: number, share: number): number {
  const [a0, a1] = [100 * (1 - share), 100 * share];
  const mixture = (rising(a0, control) * rising(a1, candidate)) / rising(100, control + candidate);
  return mixture / ((1 - share) ** control * share ** candidate);
}

/** `users` arrivals drawn with `candidateShare` (seeded), each true when the user is counted in the candidate's arm. */
function arrivals(seed: number, users: number, candidateShare: number): boolean[] {
  const random = mulberry32(seed);
  return Array.from({ length: users }, () => random() < candidateShare);
}

describe('sampleRatioTest', () => {
  it('is the Dirichlet-multinomial mixture ratio, its p-value 1 over the largest ratio the arrivals reached', () => {
    // Three candidate users in a row at a 30% share: each raises the ratio, the last most.
    const rising3 = sampleRatioTest([true, true, true], 0.3);
    expect(rising3).toMatchObject({ controlUsers: 0, candidateUsers: 3, expectedCandidateShare: 0.3, candidateShare: 1, mismatch: false });
    expect(rising3.pValue).toBeCloseTo(1 / ratioByHand(0, 3, 0.3), 12);
    // Then seven control users bring the split back to plan: the ratio falls below 1, the p-value stays.
    const back = sampleRatioTest([true, true, true, false, false, false, false, false, false, false], 0.3);
    expect(ratioByHand(7, 3, 0.3)).toBeLessThan(1);
    expect(back.pValue).toBeCloseTo(rising3.pValue, 12);
    expect(back.candidateShare).toBeCloseTo(0.3, 12);
    // Nobody yet: no evidence.
    expect(sampleRatioTest([], 0.1)).toEqual({ controlUsers: 0, candidateUsers: 0, expectedCandidateShare: 0.1, candidateShare: null, pValue: 1, mismatch: false });
  });

  it('raises a false alarm far less often than its level allows, however often it is read', () => {
    // 1,000 trials split as drawn (10%), 3,000 users each, read after every user: the p-value went below 5% in
    // at most 5% of them (36 here) and below the mismatch level in (nearly) none. The one-look test (the split's z
    // against 1.96), read every 100 users, cried wolf in over a fifth of them (286 here).
    let belowFivePercent = 0;
    let mismatches = 0;
    let oneLookAlarms = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const split = arrivals(seed, 3000, 0.1);
      const { pValue, mismatch } = sampleRatioTest(split, 0.1);
      if (pValue < 0.05) belowFivePercent++;
      if (mismatch) mismatches++;
      let candidates = 0;
      let alarmed = false;
      for (const [i, inCandidate] of split.entries()) {
        if (inCandidate) candidates++;
        const users = i + 1;
        if (users % 100 === 0 && Math.abs(candidates - 0.1 * users) / Math.sqrt(users * 0.1 * 0.9) > 1.96) alarmed = true;
      }
      if (alarmed) oneLookAlarms++;
    }
    expect(belowFivePercent).toBeLessThanOrEqual(50);
    expect(mismatches).toBeLessThanOrEqual(3);
    expect(oneLookAlarms).toBeGreaterThan(200);
  });

  it('finds a split that went wrong: one control user in six never counted', () => {
    // A 10% share whose control arm loses a sixth of its users: the candidate's arm holds 11.8% of those counted.
    // Found by 10,000 users in 96 of 100 such trials (60 by 5,000, 10 by 2,000).
    const lost = 0.1 / (0.1 + 0.9 * (5 / 6));
    let found = 0;
    for (let seed = 1; seed <= 100; seed++) if (sampleRatioTest(arrivals(seed, 10_000, lost), 0.1).mismatch) found++;
    expect(found).toBeGreaterThanOrEqual(95);
    expect(SAMPLE_RATIO_LEVEL).toBe(0.001);
  });
});
