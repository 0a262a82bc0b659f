// The harness check: popularity and item-transition Markov on MovieLens-100K under cold-start v1 must give
// the published numbers exactly, which validates the split, the tasks, the masking and the tie rule.
import { describe, expect, it } from 'vitest';
import { readSharedMl100k as readMl100k, sharedMl100kPresent as present } from '../data/testing/shared-ml-100k.ts';
import { evaluateFullRanking } from '../eval/full-ranking.ts';
import { markovScorer } from '../eval/markov.ts';
import { popularityScorer } from '../eval/popularity.ts';
import { coldStartSplit } from './split.ts';
import { newUserTasks } from './tasks.ts';

describe.skipIf(!present)(`harness check on MovieLens-100K${present ? '' : ' (skipped: ../shared/data/ml-100k is absent)'}`, () => {
  it('reproduces popularity and Markov Recall@10 / NDCG@10 at n = 5, 10, 20', () => {
    const split = coldStartSplit(readMl100k());
    expect([split.oldUsers.length, split.newUsers.length]).toEqual([754, 189]);
    const expected: Record<number, Record<string, [number, number]>> = {
      5: { markov: [0.3651, 0.1985] },
      10: { popularity: [0.1217, 0.0559], markov: [0.2646, 0.143] },
      20: { markov: [0.2328, 0.1213] },
    };
    for (const [n, methods] of Object.entries(expected)) {
      const cases = newUserTasks(split, Number(n)).map((t) => t.test);
      for (const [method, [recall, ndcg]] of Object.entries(methods)) {
        const scorer = method === 'markov' ? markovScorer(split.oldSequences, split.numItems) : popularityScorer(split.oldSequences, split.numItems);
        const { masked } = evaluateFullRanking(scorer, cases, split.numItems);
        expect(masked.recall[10], `${method} n=${n} Recall@10`).toBeCloseTo(recall, 4);
        expect(masked.ndcg[10], `${method} n=${n} NDCG@10`).toBeCloseTo(ndcg, 4);
      }
    }
  });
});
