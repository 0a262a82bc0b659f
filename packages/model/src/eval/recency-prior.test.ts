import { describe, expect, it } from 'vitest';
import { recencyPrior, withPrior } from './recency-prior.ts';

const DAY = 86_400;

describe('recency prior', () => {
  // Item 1: rated often, long ago; item 2: twice, just before now; item 3: once, after now (not counted); item 4: never.
  const sequences = [Int32Array.from([1, 1, 1, 1, 2]), Int32Array.from([2, 3])];
  const times = [Float64Array.from([0, 0, 0, 0, 99 * DAY]), Float64Array.from([100 * DAY, 101 * DAY])];
  const now = 100 * DAY;

  it('counts events by their age (half at one half-life), none after now, standardised over items', () => {
    const prior = recencyPrior(sequences, times, 4, { halfLifeSeconds: 10 * DAY, now });
    // Raw: log1p(4 · 2^-10), log1p(2^-0.1 + 1), 0, 0.
    const raw = [Math.log1p(4 * 2 ** -10), Math.log1p(2 ** -0.1 + 1), 0, 0];
    const mean = raw.reduce((a, b) => a + b) / 4;
    const sd = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / 4);
    expect([...prior]).toEqual([0, ...raw.map((r) => Math.fround((r - mean) / sd))].map((v) => expect.closeTo(v, 5)));
    expect(prior[2]!).toBeGreaterThan(prior[1]!);
    expect(prior[3]).toBeCloseTo(prior[4]!, 6);
    // A long half-life favours the item rated most over all time.
    const slow = recencyPrior(sequences, times, 4, { halfLifeSeconds: 10_000 * DAY, now });
    expect(slow[1]!).toBeGreaterThan(slow[2]!);
    expect(() => recencyPrior(sequences, times, 4, { halfLifeSeconds: 0, now })).toThrow(/half-life must be positive/);
  });

  it('adds the weighted prior to standardised scores, so a large enough weight reorders them', () => {
    const prior = Float32Array.from([0, -1, 1, 0]);
    const scores = Float32Array.from([-Infinity, 30, 20, 10]);
    const none = withPrior(scores, prior, 0);
    expect([...none.subarray(1)].map((v) => Number(v.toFixed(4)))).toEqual([1.2247, 0, -1.2247]);
    expect(none[0]).toBe(-Infinity); // the padding column is left alone
    const strong = withPrior(scores, prior, 3);
    expect(strong[2]!).toBeGreaterThan(strong[1]!);
    expect(scores[1]).toBe(30); // the input is not changed
    expect(() => withPrior(scores, Float32Array.from([0, 1]), 1)).toThrow(/4 scores for a prior of 2/);
  });
});
