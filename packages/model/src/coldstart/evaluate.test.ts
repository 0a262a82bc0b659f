import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { syntheticFeatures, tinyMmlConfig } from '../mml/testing.ts';
import { trainMml } from '../mml/train-mml.ts';
import { ColdStartHarness, evaluateColdStart, METHOD_ORDER } from './evaluate.ts';
import { coldStartSplit, validationFolds } from './split.ts';
import { reportMarkdown } from './report-markdown.ts';

describe('evaluateColdStart on the demo data (tiny model)', () => {
  it('ranks every method on every slice over two seeds and summarises mean ± std with paired comparisons', async () => {
    const dataset = loadDemoTimedRatings({ maxItems: 250 })!;
    const features = { text: syntheticFeatures(dataset.numItems, 8, 1) }; // no image learner: a dataset without images
    const report = await evaluateColdStart({ dataset, features }, {
      config: tinyMmlConfig({ pretrain: { epochs: 2 }, meta: { outerSteps: 4 }, fusion: { epochs: 3 }, generator: { epochs: 1 } }),
      seeds: [1, 2],
      ns: [2, 3, 10],
      headlineN: 10,
      latencyUsers: 5,
    });
    expect(report.protocol).toMatchObject({ seeds: [1, 2], ns: [2, 3, 10], headlineN: 10, modalities: ['id', 'text'] });
    const expected = METHOD_ORDER.filter((m) => m !== 'image-only');
    expect(Object.keys(report.methods)).toEqual(expected);
    expect(Object.keys(report.slices)).toEqual(['n=2', 'n=3', 'n=10', 'item-cold'].filter((s) => s !== 'item-cold' || report.protocol.itemColdCases > 0));
    // Shorter than 4 events there is no validation event: no paper meta-test (it picks its epoch on one); one known
    // event gives nothing to learn from, so no new-users-only SASRec there.
    expect(Object.keys(report.slices['n=3']!)).toEqual(expected.filter((m) => m !== 'mml-paper-metatest'));
    expect(Object.keys(report.slices['n=2']!)).toEqual(expected.filter((m) => m !== 'mml-paper-metatest' && m !== 'sasrec-new-users'));
    // mml is ranked as served: users knowing fewer than bounded.minHistory (3) events are not adapted to.
    expect(report.slices['n=2']!.mml).toEqual(report.slices['n=2']!['mml-no-adaptation']);
    expect(report.slices['n=3']!.mml).toEqual(report.slices['n=3']!['mml-no-adaptation']);
    expect(report.slices['n=10']!.mml).not.toEqual(report.slices['n=10']!['mml-no-adaptation']);
    // The counted list users without history get, ranked beside the model at every length (deterministic).
    expect(report.methods['first-items']!['ndcg@10']!.std).toBe(0);
    expect(report.paired['n=2']!['mml vs first-items']).toBeDefined();
    for (const metric of ['recall@5', 'mrr@10', 'ndcg@20']) {
      const cell = report.methods.mml![metric]!;
      expect(cell.mean).toBeGreaterThanOrEqual(0);
      expect(cell.std).toBeGreaterThanOrEqual(0);
    }
    // Popularity and Markov have no randomness: identical over seeds.
    expect(report.methods.markov!['ndcg@10']!.std).toBe(0);
    expect(report.paired['n=10']!['mml vs markov']!.better + report.paired['n=10']!['mml vs markov']!.worse + report.paired['n=10']!['mml vs markov']!.tied).toBe(report.protocol.newUsers);
    expect(report.adaptation.boundedLatencyMs).toMatchObject({ users: 10, cores: os.availableParallelism() });
    expect(report.adaptation.boundedLatencyMs.loadAverage1m).toBeGreaterThanOrEqual(0);
    expect(report.training).toHaveLength(2);
    expect(Object.keys(report.stageSeconds)).toContain('train:pretrain:id');
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('| mml |');
    expect(markdown).toContain('paired per-user NDCG@10');
  });
});

describe('validation folds pooled into one report', () => {
  it('pools each fold\'s users ranked by that fold\'s own model: means weighted by users, paired tests over all of them', async () => {
    const dataset = loadDemoTimedRatings({ maxItems: 250 })!;
    const features = { text: syntheticFeatures(dataset.numItems, 8, 1) };
    const config = tinyMmlConfig({ pretrain: { epochs: 1 }, meta: { outerSteps: 2 }, fusion: { epochs: 1 }, generator: { epochs: 1 } });
    const options = { ns: [5], headlineN: 5, latencyUsers: 2, validation: true, keepRanks: true };
    const folds = validationFolds(dataset, 2);
    const harnesses = folds.map((f) => new ColdStartHarness(coldStartSplit(f.dataset, { splitTime: f.splitTime }), options));
    for (const harness of harnesses) {
      const trained = await trainMml(harness.trainingData(features), config, { keepSnapshots: true });
      try {
        await harness.evaluate(trained, config.seed);
      } finally {
        await trained.model.close();
      }
    }
    const pooled = ColdStartHarness.pooled(harnesses, folds.map((f) => f.windowEnd));
    const [one, two] = harnesses.map((h) => h.report());
    const users = [one!.protocol.newUsers, two!.protocol.newUsers];
    expect(pooled.protocol).toMatchObject({ name: 'cold-start v1, validation (old users only, folds back in time)', newUsers: users[0]! + users[1]!, splitTime: one!.protocol.splitTime, oldUsers: one!.protocol.oldUsers });
    expect(pooled.protocol.folds!.map((f) => [f.fold, f.newUsers, f.oldUsers, f.windowEnd])).toEqual([[1, users[0], one!.protocol.oldUsers, null], [2, users[1], two!.protocol.oldUsers, folds[0]!.splitTime]]);
    for (const method of ['mml', 'sasrec', 'markov', 'popularity']) {
      const expected = (one!.methods[method]!['ndcg@10']!.mean * users[0]! + two!.methods[method]!['ndcg@10']!.mean * users[1]!) / (users[0]! + users[1]!);
      expect(pooled.methods[method]!['ndcg@10']!.mean, method).toBeCloseTo(expected, 5);
    }
    // The ranks behind the pooled tables: every pooled case once, fold 1's first, each method's ranks per seed.
    const ranks = pooled.ranks!['n=5']!;
    expect(ranks.users).toEqual([...one!.ranks!['n=5']!.users, ...two!.ranks!['n=5']!.users]);
    expect(ranks.methods.mml).toEqual([[...one!.ranks!['n=5']!.methods.mml![0]!, ...two!.ranks!['n=5']!.methods.mml![0]!]]);
    const ndcg = ranks.methods.sasrec![0]!.reduce((sum, r) => sum + (r < 10 ? 1 / Math.log2(r + 2) : 0), 0) / ranks.users.length;
    expect(pooled.methods.sasrec!['ndcg@10']!.mean).toBeCloseTo(ndcg, 5);
    const paired = pooled.paired['n=5']!['mml vs markov']!;
    expect(paired.better + paired.worse + paired.tied).toBe(users[0]! + users[1]!);
    expect(pooled.training).toHaveLength(2);
    const markdown = reportMarkdown(pooled);
    expect(markdown).toContain('# Cold-start evaluation (cold-start v1, validation (old users only, folds back in time))');
    expect(markdown).toContain(`| 2 | ${users[1]}, `);
    expect(markdown).toContain(`| fold 2, seed ${config.seed} |`);
  });

  it('refuses folds outside the tuning protocol', async () => {
    const dataset = loadDemoTimedRatings({ maxItems: 250 })!;
    await expect(evaluateColdStart({ dataset, features: {} }, { config: tinyMmlConfig(), seeds: [1], ns: [5], headlineN: 5, folds: 2 })).rejects.toThrow('folds go with the tuning protocol (validation)');
  });
});

describe('ranking in chunks (new users and item-cold events)', () => {
  it('ranks exactly as in one piece (chunks bound memory on large catalogs)', async () => {
    const dataset = loadDemoTimedRatings({ maxItems: 1000 })!;
    const features = { text: syntheticFeatures(dataset.numItems, 8, 1) };
    const config = tinyMmlConfig({ pretrain: { epochs: 1 }, meta: { outerSteps: 2 }, fusion: { epochs: 1 }, generator: { epochs: 1 } });
    const split = coldStartSplit(dataset);
    expect(split.itemColdCases.length).toBeGreaterThan(300);
    const options = { ns: [5], headlineN: 5, latencyUsers: 1, recencyGrid: { halfLifeDays: [7], weights: [0.5, 2] }, transitionWeights: [1], tieOrders: 3 };
    const whole = new ColdStartHarness(split, { ...options, rankChunk: 100_000 });
    const chunked = new ColdStartHarness(split, { ...options, rankChunk: 97 });
    const trained = await trainMml(whole.trainingData(features), config, { keepSnapshots: true });
    try {
      await whole.evaluate(trained, config.seed);
      await chunked.evaluate(trained, config.seed);
    } finally {
      await trained.model.close();
    }
    const [a, b] = [whole.report(), chunked.report()];
    expect(split.newUsers.length).toBeGreaterThan(97);
    expect(b.slices['item-cold']).toEqual(a.slices['item-cold']);
    expect(b.slices['n=5']).toEqual(a.slices['n=5']);
    expect(b.paired).toEqual(a.paired);
    expect(a.slices['item-cold']!.mml!['ndcg@10']!.mean).toBeGreaterThanOrEqual(0);
    // The recency prior: each prior method once per grid point, compared with mml alone and with the same prior.
    expect(Object.keys(a.slices['n=5']!).filter((m) => m.includes('+recent'))).toEqual(['id-only+recent(7d,0.5)', 'id-only+recent(7d,2)', 'mml+recent(7d,0.5)', 'mml+recent(7d,2)', 'sasrec+recent(7d,0.5)', 'sasrec+recent(7d,2)']);
    expect(Object.keys(a.paired['n=5']!)).toEqual(expect.arrayContaining(['mml+recent(7d,2) vs mml', 'mml+recent(7d,2) vs sasrec+recent(7d,2)', 'mml+recent(7d,0.5) vs markov']));
    expect(a.slices['n=5']!['mml+recent(7d,2)']).not.toEqual(a.slices['n=5']!.mml);
    expect(Object.keys(a.slices['item-cold']!).some((m) => m.includes('+recent'))).toBe(false);
    // Averaged over orders within equal timestamps: one more mml row per slice, compared with mml as listed.
    expect(a.slices['n=5']!['mml+tie-orders(3)']!['ndcg@10']!.mean).toBeGreaterThan(0);
    expect(Object.keys(a.paired['n=5']!)).toContain('mml+tie-orders(3) vs mml');
    expect(Object.keys(a.slices['item-cold']!).some((m) => m.includes('tie-orders'))).toBe(false);
    // The transition prior: one row per new user (chunked the same as whole, above), compared the same way.
    expect(Object.keys(a.slices['n=5']!).filter((m) => m.includes('+transitions'))).toEqual(['id-only+transitions(1)', 'mml+transitions(1)', 'sasrec+transitions(1)']);
    expect(Object.keys(a.paired['n=5']!)).toEqual(expect.arrayContaining(['mml+transitions(1) vs mml', 'mml+transitions(1) vs sasrec+transitions(1)', 'mml+transitions(1) vs markov']));
    expect(a.slices['n=5']!['mml+transitions(1)']).not.toEqual(a.slices['n=5']!.mml);
  });
});
