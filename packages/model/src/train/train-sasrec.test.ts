import { describe, expect, it } from 'vitest';
import { loadDemoRatings, demoRatingsPath } from '../data/testing/demo-ratings.ts';
import { trainSasRec } from './train-sasrec.ts';

const demoPath = demoRatingsPath();
if (!demoPath) console.warn('skipping SASRec training test: demo ratings.csv not found (data/demo or ../shared/data/ml-latest-small)');

describe.skipIf(!demoPath)('trainSasRec on a slice of the demo data', () => {
  it('lowers the loss and beats popularity on the held-out last item (masked full ranking)', async () => {
    // All 610 users, their 500 most-rated films: small enough for ~10 s on two cores, big enough to learn from.
    const dataset = loadDemoRatings({ maxItems: 500 })!;
    const epochLosses: number[] = [];
    const result = await trainSasRec(dataset, {
      epochs: 15,
      seed: 1,
      validateEvery: 0,
      model: { hiddenSize: 32, numLayers: 1, numHeads: 1, innerSize: 64, hiddenDropout: 0.2, attentionDropout: 0.2 },
      onProgress: (event) => {
        if (event.kind === 'epoch-end') epochLosses.push(event.report.loss);
      },
    });
    expect(epochLosses).toHaveLength(15);
    expect(epochLosses.at(-1)!).toBeLessThan(epochLosses[0]! - 0.1);
    const model = result.test.masked;
    const popularity = result.popularity.masked;
    expect(model.users).toBe(popularity.users);
    expect(model.recall[10]!).toBeGreaterThan(popularity.recall[10]! * 1.3);
    expect(model.ndcg[10]!).toBeGreaterThan(popularity.ndcg[10]! * 1.3);
  });

  it('lets timers run while it trains, so an AbortSignal fired by one stops it between batches', async () => {
    // Steps are synchronous: without yielding to the event loop the timer below could only fire after the last epoch,
    // and the training would finish instead of stopping (a job's lock renewal and a cancel message wait the same way).
    const dataset = loadDemoRatings({ maxItems: 300 })!;
    const controller = new AbortController();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    let batches = 0;
    let total = 0;
    const started = performance.now();
    try {
      await expect(trainSasRec(dataset, {
        epochs: 500,
        seed: 1,
        validateEvery: 0,
        signal: controller.signal,
        model: { hiddenSize: 16, numLayers: 1, numHeads: 1, innerSize: 32 },
        onProgress: (event) => {
          if (event.kind !== 'batch') return;
          // Armed once training runs: from here on only the training loop can let the timer fire.
          if (batches++ === 0) {
            total = event.batches * event.epochs;
            setTimeout(() => controller.abort(new Error('stopped by a timer')), 200);
          }
        },
      })).rejects.toThrow('stopped by a timer');
    } finally {
      clearInterval(ticker);
    }
    expect(batches).toBeGreaterThan(1);
    expect(batches).toBeLessThan(total);
    expect(ticks).toBeGreaterThan(3);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
