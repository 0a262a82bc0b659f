import { describe, expect, it } from 'vitest';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { readSharedMl100k, sharedMl100kPresent } from '../data/testing/shared-ml-100k.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { describeFirstItems, firstItemsReport, firstItemsScores, parseFirstItemsPolicy } from './first-items.ts';
import { coldStartSplit } from './split.ts';

const DAY = 86_400;

describe('what users without history get (first items)', () => {
  // Four old users (first event at or before the split), items 1–4; the split time is day 10.
  const dataset: TimedSequenceDataset = {
    numItems: 4,
    sequences: [Int32Array.of(1, 2, 2, 3), Int32Array.of(1, 3, 3, 3), Int32Array.of(4, 3, 2, 2), Int32Array.of(4, 2, 1, 1), Int32Array.of(2, 1, 3, 4)],
    timestamps: [
      Float64Array.of(1, 2, 3, 4).map((d) => d * DAY),
      Float64Array.of(2, 3, 4, 9.5).map((d) => d * DAY),
      Float64Array.of(3, 9, 9.2, 9.4).map((d) => d * DAY),
      Float64Array.of(4, 5, 6, 7).map((d) => d * DAY),
      Float64Array.of(11, 12, 13, 14).map((d) => d * DAY),
    ],
  };
  const split = coldStartSplit(dataset, { splitTime: 10 * DAY });

  it('counts what each policy counts, with all-time counts below 1 as the tie-break', () => {
    // All time, old users only: item 1 ×4, 2 ×5, 3 ×5, 4 ×2 (the fifth user is new).
    expect([...firstItemsScores(split, { kind: 'all-time' })]).toEqual([0, 4, 5, 5, 2]);
    // First event of each old user: 1, 1, 4, 4; ties and the rest ordered by all-time counts (÷ 6).
    expect([...firstItemsScores(split, { kind: 'first-events', events: 1 })]).toEqual([0, 2 + 4 / 6, 5 / 6, 5 / 6, 2 + 2 / 6].map(Math.fround));
    // The last 2 days before day 10: 3 at 9.5, 3 at 9, 2 at 9.2 and 9.4.
    expect([...firstItemsScores(split, { kind: 'recent', days: 2 })]).toEqual([0, 4 / 6, 2 + 5 / 6, 2 + 5 / 6, 2 / 6].map(Math.fround));
  });

  it('reads a stored policy back, and anything it does not know as all-time', () => {
    expect(parseFirstItemsPolicy({ kind: 'first-events', events: 5 })).toEqual({ kind: 'first-events', events: 5 });
    expect(parseFirstItemsPolicy({ kind: 'recent', days: 30 })).toEqual({ kind: 'recent', days: 30 });
    for (const value of [undefined, null, 'first-events', { kind: 'first-events', events: 0 }, { kind: 'recent', days: 1.5 }, { kind: 'trending' }]) {
      expect(parseFirstItemsPolicy(value)).toEqual({ kind: 'all-time' });
    }
    expect(describeFirstItems({ kind: 'first-events', events: 5 })).toBe("each user's first 5 events");
    expect(describeFirstItems({ kind: 'first-events', events: 1 })).toBe("each user's first event");
    expect(describeFirstItems({ kind: 'recent', days: 7 })).toBe('the last 7 days');
  });

  it('keeps all-time counts where no old user arrived late enough to validate on', () => {
    // One old user and one new one: nobody to split the old users' data by again.
    const two = { numItems: 4, sequences: [dataset.sequences[0]!, dataset.sequences[4]!], timestamps: [dataset.timestamps[0]!, dataset.timestamps[4]!] };
    const report = firstItemsReport(two, { splitTime: 10 * DAY });
    expect(report).toMatchObject({ chosen: { kind: 'all-time' }, validationUsers: 0, newUsers: 1, folds: 0 });
    expect(report.reason).toMatch(/no old user arrived late enough/);
  });

  it('keeps all-time counts on the demo catalog, where nothing beats them beyond noise', () => {
    const demo = loadDemoTimedRatings();
    if (!demo) throw new Error('the demo catalog is missing from this checkout');
    const report = firstItemsReport(demo);
    expect(report.chosen).toEqual({ kind: 'all-time' });
    expect(report.folds).toBe(3);
    expect(report.validationUsers).toBeGreaterThan(300);
    expect(report.candidates.map((c) => c.label)).toEqual(['all time', 'the last 7 days', 'the last 30 days', 'the last 90 days', "each user's first event", "each user's first 5 events", "each user's first 10 events"]);
  });

  it.skipIf(!sharedMl100kPresent)(`chooses what users start with on MovieLens-100K, which ranks new users' first pick about four times better${sharedMl100kPresent ? '' : ' (skipped: ../shared/data/ml-100k is absent)'}`, () => {
    const report = firstItemsReport(readSharedMl100k());
    expect(report.chosen.kind).not.toBe('all-time');
    const chosen = report.candidates.find((c) => JSON.stringify(c.policy) === JSON.stringify(report.chosen))!;
    const allTime = report.candidates[0]!;
    expect(chosen.versusAllTime.ci95[0]).toBeGreaterThan(0);
    // On the real new users, which the choice never saw.
    expect(report.newUsers).toBe(189);
    expect(allTime.newUsers.ndcg10).toBeLessThan(0.1);
    expect(chosen.newUsers.ndcg10).toBeGreaterThan(3 * allTime.newUsers.ndcg10);
  });
});
