import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/index.ts';
import { loadDemoRatings } from '../data/testing/demo-ratings.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { TaskPool } from './task-pool.ts';
import type { AdaptTask } from './task-ops.ts';

/** A small SASRec over the demo ratings' first 300 items, and `count` tasks: six events of support, the seventh to rank. */
function fixture(hiddenSize: number, count: number) {
  const dataset = loadDemoRatings({ maxItems: 300 })!;
  const engine = createEngine();
  const theta = SasRec.create(engine, { numItems: dataset.numItems, hiddenSize, numLayers: 1, numHeads: 1, innerSize: 2 * hiddenSize, maxLength: 20, loss: 'ce' }, { seed: 4 });
  const tasks: AdaptTask[] = dataset.sequences.filter((s) => s.length >= 8).slice(0, count).map((s, user) => ({
    support: s.subarray(0, 6),
    cases: [{ user, history: s.subarray(0, 6), target: s[6]! }],
  }));
  return { numItems: dataset.numItems, engine, theta, tasks };
}

describe('TaskPool on the calling thread', () => {
  it('lets the event loop run between its tasks (a job lock, a request), with the same results', async () => {
    const { engine, theta, tasks } = fixture(32, 150);
    const options = { inner: { steps: 100, lr: 0.05, dropout: false }, hidden: false, seed: 1 };
    // One thread: the calling thread adapts every task, the paper meta-test's situation on that thread.
    const pool = await TaskPool.start(engine, theta, 1);
    try {
      let last = performance.now();
      let longestGap = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
      }, 5);
      const started = performance.now();
      const yielding = await pool.adapt(tasks, options);
      const took = performance.now() - started;
      clearInterval(ticker);
      longestGap = Math.max(longestGap, performance.now() - last); // the gap still open when it returned
      expect(took, 'the batch must take long enough to tell yielding from blocking').toBeGreaterThan(400);
      // Blocking would leave one gap as long as the whole batch; yielding every ~100 ms leaves short ones.
      expect(longestGap).toBeLessThan(took / 3);
      // Each task alone, one request each, gives the same scores: yielding changes when, not what.
      const alone = await pool.adapt(tasks.slice(40, 41), { ...options, firstIndex: 40 });
      expect(alone.scored[0]!.scores).toEqual(yielding.scored[40]!.scores);
    } finally {
      await pool.close();
    }
  });

  it("rethrows a worker's failure (an item id past the table in the worker's shard) and keeps working", async () => {
    const { numItems, engine, theta, tasks } = fixture(16, 20);
    const options = { inner: { steps: 2, lr: 0.05, dropout: false }, hidden: false, seed: 1 };
    const pool = await TaskPool.start(engine, theta, 2);
    try {
      const good = await pool.adapt(tasks, options);
      // Shards are contiguous and the calling thread takes the first: the last task is the worker's.
      const bad = Int32Array.from(tasks[19]!.support);
      bad[2] = numItems + 5;
      await expect(pool.adapt([...tasks.slice(0, 19), { ...tasks[19]!, support: bad }], options)).rejects.toThrow(`row lookup: id ${numItems + 5}`);
      expect((await pool.adapt(tasks, options)).scored[19]!.scores).toEqual(good.scored[19]!.scores);
    } finally {
      await pool.close();
    }
  });
});
