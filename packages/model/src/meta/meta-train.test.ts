import { describe, expect, it } from 'vitest';
import { createEngine, Rng } from '../engine/index.ts';
import { loadDemoRatings } from '../data/testing/demo-ratings.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { metaTrain, sampleWindows } from './meta-train.ts';
import { TaskPool } from './task-pool.ts';

describe('first-order MAML (stage 1)', () => {
  it('lowers the query loss of held-out users\' tasks from where it started', async () => {
    const dataset = loadDemoRatings({ maxItems: 200 })!;
    const train = dataset.sequences.slice(0, 500);
    const held = dataset.sequences.slice(500).filter((s) => s.length >= 6);
    const engine = createEngine();
    const theta = SasRec.create(engine, { numItems: dataset.numItems, hiddenSize: 16, numLayers: 1, numHeads: 1, innerSize: 32, maxLength: 20, hiddenDropout: 0.1, attentionDropout: 0.1, loss: 'ce' }, { seed: 4 });
    const pool = await TaskPool.start(engine, theta, 2, { globalGradients: true });
    try {
      const windows = { min: 4, max: 12, anchor: 'start' as const };
      const { curve } = await metaTrain(theta, pool, train, {
        outerSteps: 60,
        metaBatch: 16,
        outerLr: 1e-2,
        inner: { steps: 2, lr: 0.05, dropout: true },
        windows,
        includeGlobal: true,
        seed: 9,
        validation: sampleWindows(held, 48, windows, new Rng(3)),
        validateEvery: 30,
      });
      const valid = curve.filter((c) => c.validLoss !== undefined).map((c) => c.validLoss!);
      expect(valid).toHaveLength(3); // steps 0, 30, 60
      expect(valid.at(-1)!).toBeLessThan(valid[0]! - 0.1);
      expect(curve.filter((c) => c.step > 0)).toHaveLength(60);
    } finally {
      await pool.close();
    }
  });

  it('shuffles a task\'s events of equal times when given them, and draws the same users, lengths and starts', () => {
    const sequences = Array.from({ length: 20 }, (_, u) => Int32Array.from({ length: 12 + u }, (_, i) => 1 + u * 40 + i));
    const times = sequences.map((s) => Float64Array.from(s, (_, i) => Math.floor(i / 3))); // runs of three events
    const windows = { min: 3, max: 10, anchor: 'anywhere' as const };
    const listed = sampleWindows(sequences, 64, windows, new Rng(7));
    const shuffled = sampleWindows(sequences, 64, windows, new Rng(7), { times, gapSeconds: 0, rng: new Rng(8) });
    let moved = 0;
    listed.forEach((window, w) => {
      const task = shuffled[w]!;
      expect(task.length).toBe(window.length);
      const user = Math.floor((window[0]! - 1) / 40);
      const start = window[0]! - 1 - user * 40;
      // Each position holds an item of the same run of three as listed (a full run: the user was shuffled first).
      task.forEach((item, i) => expect(Math.floor((item - 1 - user * 40) / 3)).toBe(Math.floor((start + i) / 3)));
      if (task.some((item, i) => item !== window[i])) moved++;
    });
    expect(moved).toBeGreaterThan(32);
    expect(Array.from(sequences[0]!)).toEqual(Array.from({ length: 12 }, (_, i) => 1 + i)); // the data is not touched
  });

  it('never changes θ inside a task: the outer step is the only writer', async () => {
    const dataset = loadDemoRatings({ maxItems: 100 })!;
    const engine = createEngine();
    const theta = SasRec.create(engine, { numItems: dataset.numItems, hiddenSize: 8, numLayers: 1, numHeads: 1, innerSize: 16, maxLength: 10 }, { seed: 1 });
    const pool = await TaskPool.start(engine, theta, 2);
    try {
      const before = theta.store.snapshot();
      const tasks = dataset.sequences.slice(0, 6).map((s) => ({ support: s.subarray(0, 6), cases: [{ user: 0, history: s.subarray(0, 7), target: s[7]! }] }));
      await pool.adapt(tasks, { inner: { steps: 3, lr: 0.5, dropout: true }, hidden: false, seed: 1 });
      await pool.queryLosses(tasks.map((t) => t.support), { inner: { steps: 3, lr: 0.5, dropout: true }, seed: 1 });
      theta.store.snapshot().forEach((t, i) => expect(Array.from(t.data), t.name).toEqual(Array.from(before[i]!.data)));
    } finally {
      await pool.close();
    }
    // Both threads' arenas go to the heap's free list for any later arena to reuse.
    expect(engine.heap.freeList.freeElements()).toBeGreaterThanOrEqual(2 * 4_194_304);
  });
});
