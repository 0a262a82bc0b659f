import { describe, expect, it } from 'vitest';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { comparePaired, meanStd, summarize } from './summary.ts';
import { coldStartSplit, quantileOf, validationDataset, validationFolds } from './split.ts';
import { newUserTasks, oldUserTasks } from './tasks.ts';

/** Five users whose first events are at times 1, 2, 3, 4 and 10; items 1..7. */
function tinyDataset() {
  const events: Array<Array<[number, number]>> = [
    [[1, 1], [2, 2], [3, 3], [6, 7], [7, 2]], // old; events after T (6, 7) are not training data
    [[2, 2], [3, 3], [4, 4], [5, 1]],
    [[3, 3], [3, 1], [4, 2], [5, 4]],
    [[4, 1], [5, 2], [5, 3], [5, 4]],
    [[10, 5], [11, 6], [12, 7], [13, 1], [14, 2]], // new user; items 5 and 6 are new items (no old event ≤ T)
    [[3, 4], [4, 5]], // too short: dropped from both sides
  ];
  return {
    numItems: 7,
    sequences: events.map((e) => Int32Array.from(e, ([, item]) => item)),
    timestamps: events.map((e) => Float64Array.from(e, ([time]) => time)),
  };
}

describe('coldStartSplit (cold-start v1)', () => {
  it('splits at the 80th percentile of first-event times, numpy-style, and keeps only pre-split events of old users', () => {
    const split = coldStartSplit(tinyDataset());
    expect(split.splitTime).toBeCloseTo(quantileOf([1, 2, 3, 4, 10], 0.8)); // 4 + 0.2·6 = 5.2
    expect(split.splitTime).toBeCloseTo(5.2);
    expect(split.oldUsers).toEqual([0, 1, 2, 3]);
    expect(split.newUsers).toEqual([4]);
    expect(Array.from(split.oldSequences[0]!)).toEqual([1, 2, 3]);
    expect(Array.from(split.newItems)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('collects every post-split event whose target is a new item, from old and new users alike', () => {
    const split = coldStartSplit(tinyDataset());
    expect(split.itemColdCases.map((c) => [c.user, c.target, c.history.length])).toEqual([[0, 7, 3], [4, 6, 1], [4, 7, 2]]);
  });

  it('lists every post-split event with an earlier one as a case on demand, the new-item ones among them', () => {
    const { laterEvents } = coldStartSplit(tinyDataset());
    const cases = Array.from({ length: laterEvents.count }, (_, i) => laterEvents.caseAt(i));
    // User 0's two events after T, then the new user's after their first (which has no history to rank from).
    expect(cases.map((c) => [c.user, c.target, Array.from(c.history)])).toEqual([
      [0, 7, [1, 2, 3]], [0, 2, [1, 2, 3, 7]], [4, 6, [5]], [4, 7, [5, 6]], [4, 1, [5, 6, 7]], [4, 2, [5, 6, 7, 1]],
    ]);
    expect(laterEvents.newTargets).toBe(3);
    expect(cases.map((_, i) => laterEvents.isNewTarget(i))).toEqual([true, false, true, true, false, false]);
  });

  it('leaks nothing: no new-user event and no post-split event is in any training sequence (demo data)', () => {
    const dataset = loadDemoTimedRatings({ maxItems: 400 });
    if (!dataset) return;
    const split = coldStartSplit(dataset);
    const newUsers = new Set(split.newUsers);
    expect(split.oldUsers.some((u) => newUsers.has(u))).toBe(false);
    split.oldUsers.forEach((user, i) => {
      const times = dataset.timestamps[user]!;
      expect(split.oldSequences[i]!.length).toBeLessThanOrEqual(times.length);
      for (let e = 0; e < split.oldSequences[i]!.length; e++) expect(times[e]!).toBeLessThanOrEqual(split.splitTime);
    });
    for (const user of split.newUsers) expect(dataset.timestamps[user]![0]!).toBeGreaterThan(split.splitTime);
  });

  it('refuses data without any user after the split time, or with ids out of range', () => {
    const same = { numItems: 2, sequences: [Int32Array.of(1, 2, 1, 2), Int32Array.of(2, 1, 2, 1)], timestamps: [Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4)] };
    expect(() => coldStartSplit(same)).toThrow(/no user starts after the split time/);
    expect(() => coldStartSplit({ ...same, numItems: 1 })).toThrow(/outside 1..1/);
    expect(() => coldStartSplit({ ...same, timestamps: [Float64Array.of(2, 1, 3, 4), Float64Array.of(1, 2, 3, 4)] })).toThrow(/earlier than event 0/);
  });
});

describe('validation folds back in time (the tuning protocol, pooled)', () => {
  it('makes fold 1 the single-fold tuning split, and each earlier fold a window of late arrivals trained only on what came before it', () => {
    const dataset = loadDemoTimedRatings({ maxItems: 400 });
    if (!dataset) return;
    const folds = validationFolds(dataset, 3);
    expect(folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    const single = coldStartSplit(validationDataset(dataset));
    const splits = folds.map((f) => coldStartSplit(f.dataset, { splitTime: f.splitTime }));
    // Fold 1 is exactly what --validation alone evaluates.
    expect(splits[0]!.splitTime).toBe(single.splitTime);
    expect(splits[0]!.newUsers).toEqual(single.newUsers);
    expect(splits[0]!.oldSequences).toEqual(single.oldSequences);
    expect(folds[0]!.windowEnd).toBe(Infinity);
    const old = validationDataset(dataset);
    const seen = new Set<number>();
    splits.forEach((split, f) => {
      const { splitTime, windowEnd } = folds[f]!;
      if (f > 0) expect(windowEnd).toBe(folds[f - 1]!.splitTime); // windows tile time backwards
      expect(split.newUsers.length).toBeGreaterThan(0);
      for (const user of split.newUsers) {
        // Each user is a "new user" in one fold at most, and arrived inside that fold's window.
        expect(seen.has(user)).toBe(false);
        seen.add(user);
        const first = old.timestamps[user]![0]!;
        expect(first).toBeGreaterThan(splitTime);
        expect(first).toBeLessThanOrEqual(windowEnd);
      }
      // No leakage: a fold trains only on events up to its split time, of users who had arrived by then.
      split.oldUsers.forEach((user, i) => {
        const times = old.timestamps[user]!;
        expect(times[0]!).toBeLessThanOrEqual(splitTime);
        for (let e = 0; e < split.oldSequences[i]!.length; e++) expect(times[e]!).toBeLessThanOrEqual(splitTime);
      });
    });
    // Windows of a fifth of old users each: the three folds' users are about three times fold 1's.
    const pooled = splits.reduce((sum, s) => sum + s.newUsers.length, 0);
    expect(pooled).toBeGreaterThan(2.5 * splits[0]!.newUsers.length);
  });

  it('refuses more folds than the windows leave users to train on, and a fold count that is not a whole number', () => {
    const dataset = loadDemoTimedRatings({ maxItems: 400 });
    if (!dataset) return;
    expect(validationFolds(dataset, 4)).toHaveLength(4);
    expect(() => validationFolds(dataset, 5)).toThrow('windows of 0.20 of old users leave room for at most 4 validation folds (the earliest fold needs users to train on), got 5');
    expect(() => validationFolds(dataset, 0)).toThrow('folds must be a whole number ≥ 1, got 0');
    expect(() => validationFolds(dataset, 2, { quantile: 0.5 })).toThrow('windows of 0.50 of old users leave room for at most 1 validation fold (');
  });
});

describe('few-shot tasks', () => {
  it('cuts a new user to n events: support s1..s(n−2), validation s(n−1), test s(n)', () => {
    const split = coldStartSplit(tinyDataset());
    const [task] = newUserTasks(split, 4);
    expect(Array.from(task!.support)).toEqual([5, 6]);
    expect(task!.valid).toMatchObject({ target: 7 });
    expect(Array.from(task!.valid!.history)).toEqual([5, 6]);
    expect(task!.test).toMatchObject({ target: 1 });
    expect(Array.from(task!.test.history)).toEqual([5, 6, 7]);
    // A user shorter than n is cut at their length.
    expect(Array.from(newUserTasks(split, 20)[0]!.test.history)).toEqual([5, 6, 7, 1]);
    expect(() => newUserTasks(split, 1)).toThrow('n must be an integer ≥ 2 (a known event and the one to predict), got 1');
  });

  it('cuts shorter than 4 events as serving sees such a user: the whole known history is the support, no validation', () => {
    const split = coldStartSplit(tinyDataset());
    const [two] = newUserTasks(split, 2);
    expect(Array.from(two!.support)).toEqual([5]);
    expect(two!.valid).toBeUndefined();
    expect(two!.test).toMatchObject({ target: 6 });
    expect(Array.from(two!.test.history)).toEqual([5]);
    const [three] = newUserTasks(split, 3);
    expect(Array.from(three!.support)).toEqual([5, 6]);
    expect(three!.test).toMatchObject({ target: 7 });
    expect(Array.from(three!.test.history)).toEqual([5, 6]);
    // The support is the task's own copy: adapting never writes into the test case.
    expect(three!.support).not.toBe(three!.test.history);
  });

  it('makes old-user tasks from pre-split data, masking everything seen before even with a short support', () => {
    const split = coldStartSplit(tinyDataset());
    const tasks = oldUserTasks(split, { maxSupport: 1 });
    const task = tasks.find((t) => t.user === 3)!;
    expect(Array.from(task.support)).toEqual([2]);
    expect(task.test.target).toBe(4);
    expect(Array.from(task.test.seen!)).toEqual([1, 2, 3]);
  });
});

describe('summaries', () => {
  it('averages metrics over seeds with a sample standard deviation', () => {
    expect(meanStd([1, 2, 3])).toEqual({ mean: 2, std: 1 });
    const table = summarize([Int32Array.of(0, 20), Int32Array.of(1, 20)], [10]);
    expect(table['recall@10']).toEqual({ mean: 0.5, std: 0 });
    expect(table['ndcg@10']!.mean).toBeCloseTo((1 + 1 / Math.log2(3)) / 4, 6);
    // Median 1-based rank per seed: (1 + 21) / 2 and (2 + 21) / 2.
    expect(table.medianRank).toEqual({ mean: 11.25, std: 0.353553 });
  });

  it('compares two methods user by user', () => {
    const a = [Int32Array.of(0, 0, 50)];
    const b = [Int32Array.of(0, 30, 0)];
    const paired = comparePaired(a, b, 10);
    expect(paired).toMatchObject({ better: 1, worse: 1, tied: 1 });
    expect(paired.meanDifference).toBeCloseTo(0, 6);
    expect(paired.ci95[0]).toBeLessThanOrEqual(0);
    expect(paired.ci95[1]).toBeGreaterThanOrEqual(0);
  });
});
