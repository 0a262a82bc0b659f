import { describe, expect, it } from 'vitest';
import { FinishEstimate } from './finish-estimate.ts';

describe('FinishEstimate', () => {
  it('tells nothing in the first 10 s or the first 1%, then extrapolates the pace so far', () => {
    let now = 1_000_000;
    const estimate = new FinishEstimate(() => now);
    now += 9_000;
    expect(estimate.at(0.5)).toBeUndefined();
    now += 51_000; // 60 s in
    expect(estimate.at(0.005)).toBeUndefined();
    expect(estimate.at(Number.NaN)).toBeUndefined();
    // A quarter done in 60 s: three quarters more take 180 s.
    expect(estimate.at(0.25)!.getTime()).toBe(now + 180_000);
    now += 60_000; // 120 s in, the pace slowed: 30% done
    expect(estimate.at(0.3)!.getTime()).toBe(now + 280_000);
    expect(estimate.at(1)).toBeUndefined();
  });
});
