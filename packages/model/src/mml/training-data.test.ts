import { describe, expect, it } from 'vitest';
import { prepareData } from './training-data.ts';

const sequences = [Int32Array.from({ length: 30 }, (_, i) => i + 1), Int32Array.of(1, 2, 3), Int32Array.of(5, 6, 7, 8, 9)];
const data = { numItems: 40, sequences, features: {} };

describe('prepareData', () => {
  it('holds out every user\'s last event and, with "last", learns the fusion from it after a short window', () => {
    const prepared = prepareData(data, { samples: 'last', supportLength: 3, seed: 1 });
    expect(Array.from(prepared.train[0]!)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect(Array.from(prepared.train[1]!)).toEqual([1, 2, 3]); // too short to hold anything out
    expect(prepared.holdout.map((c) => c.target)).toEqual([30, 9]);
    const [task] = prepared.fusionTasks;
    expect(Array.from(task!.support)).toEqual([26, 27, 28]);
    expect(task!.cases[0]).toMatchObject({ target: 30 });
    expect(Array.from(task!.cases[0]!.history)).toEqual([26, 27, 28, 29]);
    expect(Array.from(prepared.coldItems)).toEqual(Array.from({ length: 11 }, (_, i) => 30 + i)); // 30 appears only as a held-out event
  });

  it('with "early", takes an event after 4..supportLength + 1 events and keeps it out of every training sequence', () => {
    for (const seed of [1, 2, 3, 4]) {
      const prepared = prepareData(data, { samples: 'early', supportLength: 8, seed });
      const task = prepared.fusionTasks[0]!;
      const { history, target } = task.cases[0]!;
      expect(history.length).toBeGreaterThanOrEqual(4);
      expect(history.length).toBeLessThanOrEqual(9);
      expect(Array.from(history)).toEqual(Array.from({ length: history.length }, (_, i) => i + 1));
      expect(target).toBe(history.length + 1);
      expect(Array.from(task.support)).toEqual(Array.from(history.subarray(0, history.length - 1)));
      expect(prepared.train[0]).toHaveLength(28); // 30 less the sample and the held-out last event
      expect(Array.from(prepared.train[0]!)).not.toContain(target);
      expect(prepared.holdout[0]!.target).toBe(30);
      // A user too short for an early sample (5 events) falls back to the last-event sample.
      expect(prepared.fusionTasks[1]!.cases[0]!.target).toBe(9);
    }
  });

  it('keeps each training event\'s time beside it, where the data has times, and refuses times that do not line up', () => {
    // Each event's time is 100 × its item, so a time names the event it belongs to.
    const times = sequences.map((s) => Float64Array.from(s, (item) => item * 100));
    for (const samples of ['last', 'early'] as const) {
      const prepared = prepareData({ ...data, times }, { samples, supportLength: 8, seed: 2 });
      expect(prepared.trainTimes).toHaveLength(prepared.train.length);
      prepared.train.forEach((sequence, user) => expect(Array.from(prepared.trainTimes![user]!)).toEqual(Array.from(sequence, (item) => item * 100)));
    }
    expect(prepareData(data, { samples: 'last', supportLength: 3, seed: 1 }).trainTimes).toBeUndefined();
    expect(() => prepareData({ ...data, times: [times[0]!, times[2]!, times[1]!] }, { samples: 'last', supportLength: 3, seed: 1 })).toThrow('user 1: 5 event times for 3 events');
    expect(() => prepareData({ ...data, times: times.slice(0, 2) }, { samples: 'last', supportLength: 3, seed: 1 })).toThrow("2 users' event times for 3 sequences");
  });

  it('keeps at most maxSamples fusion tasks, a seeded choice in their original order, and changes nothing else', () => {
    const many = { numItems: 40, sequences: Array.from({ length: 30 }, (_, u) => Int32Array.from({ length: 6 + (u % 5) }, (_, i) => 1 + ((u + i) % 40))), features: {} };
    const all = prepareData(many, { samples: 'last', supportLength: 3, seed: 1 });
    expect(all.fusionTasks).toHaveLength(30);
    expect(prepareData(many, { samples: 'last', supportLength: 3, seed: 1, maxSamples: 30 }).fusionTasks).toEqual(all.fusionTasks);
    const capped = prepareData(many, { samples: 'last', supportLength: 3, seed: 1, maxSamples: 12 });
    const users = capped.fusionTasks.map((t) => t.cases[0]!.user);
    expect(users).toHaveLength(12);
    expect(users).toEqual([...users].sort((a, b) => a - b));
    expect(new Set(users).size).toBe(12);
    expect(capped.fusionTasks).toEqual(users.map((u) => all.fusionTasks[u]));
    expect(prepareData(many, { samples: 'last', supportLength: 3, seed: 1, maxSamples: 12 }).fusionTasks.map((t) => t.cases[0]!.user)).toEqual(users);
    expect(prepareData(many, { samples: 'last', supportLength: 3, seed: 2, maxSamples: 12 }).fusionTasks.map((t) => t.cases[0]!.user)).not.toEqual(users);
    expect(capped.holdout).toEqual(all.holdout);
    expect(capped.train).toEqual(all.train);
  });
});

