// The harness check: popularity and item-transition Markov on MovieLens-100K under cold-start v1 must give
// the published numbers exactly, which validates the split, the tasks, the masking and the tie rule.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateFullRanking } from '../eval/full-ranking.ts';
import { markovScorer } from '../eval/markov.ts';
import { popularityScorer } from '../eval/popularity.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { coldStartSplit } from './split.ts';
import { newUserTasks } from './tasks.ts';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
// eslint-disable-next-line no-restricted-properties -- a test locating the shared datasets; the model package has no configuration
const inter = path.join(process.env.FEWSHOT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'), 'ml-100k', 'ml-100k.inter');
const present = existsSync(inter);

/** RecBole's ml-100k.inter (user, item, rating, timestamp), users' events ordered by (time, file order). */
function readMl100k(): TimedSequenceDataset {
  const items = new Map<string, number>();
  const users = new Map<string, Array<{ item: number; time: number; order: number }>>();
  readFileSync(inter, 'utf8').trim().split('\n').slice(1).forEach((line, order) => {
    const [user, item, , time] = line.split('\t');
    if (!items.has(item!)) items.set(item!, items.size + 1);
    if (!users.has(user!)) users.set(user!, []);
    users.get(user!)!.push({ item: items.get(item!)!, time: Number(time), order });
  });
  const events = [...users.values()].map((e) => e.sort((a, b) => a.time - b.time || a.order - b.order));
  return { numItems: items.size, sequences: events.map((e) => Int32Array.from(e, (x) => x.item)), timestamps: events.map((e) => Float64Array.from(e, (x) => x.time)) };
}

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
