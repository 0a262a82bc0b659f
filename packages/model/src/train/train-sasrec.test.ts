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
});
