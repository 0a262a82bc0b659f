import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { coldStartSplit } from '../coldstart/split.ts';
import { newUserTasks } from '../coldstart/tasks.ts';
import { ItemEmbeddingGenerator } from '../ieg/generator.ts';
import { generateEmbeddings, trainGenerator, writeGeneratedRows } from '../ieg/train-generator.ts';
import { decodeWeights, encodeWeights, Workspace } from '../engine/index.ts';
import { TaskPool } from '../meta/task-pool.ts';
import type { AdaptResult } from '../meta/task-ops.ts';
import { loadMmlModel, saveMmlModel } from './artifact.ts';
import { stageWeight, type StageKind } from './stage-weights.ts';
import { trainMml, type TrainMmlResult } from './train-mml.ts';
import { syntheticFeatures, tinyMmlConfig } from './testing.ts';

const dataset = loadDemoTimedRatings({ maxItems: 300 })!;
const split = coldStartSplit(dataset);
const features = { text: syntheticFeatures(dataset.numItems, 8, 1), image: syntheticFeatures(dataset.numItems, 12, 2, 7) };
const config = tinyMmlConfig();
let trained: TrainMmlResult;
const stages: string[] = [];
const fractions: Array<{ stage: string; fraction: number }> = [];

beforeAll(async () => {
  trained = await trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features }, config, {
    keepSnapshots: true,
    onProgress: (p) => {
      if (!stages.includes(p.stage)) stages.push(p.stage);
      fractions.push({ stage: p.stage, fraction: p.fraction });
    },
  });
});

afterAll(async () => {
  await trained?.model.close();
});

describe('trainMml on the demo data', () => {
  it('runs every stage in order, reporting timings and learning curves', () => {
    expect(stages).toEqual(['pretrain:id', 'meta:id', 'pretrain:text', 'meta:text', 'pretrain:image', 'meta:image', 'generator', 'fusion']);
    const { report } = trained;
    expect(report.stages.map((s) => s.stage)).toEqual(stages);
    expect(report.pretrain.id!.epochs).toHaveLength(3);
    expect(report.meta.image!.at(-1)!.step).toBe(12);
    expect(report.generator).toHaveLength(2);
    expect(report.fusion!.curve).toHaveLength(8);
    expect(report.fusion!.selection).toMatchObject({ rule: 'trained', kept: 'trained' });
  });

  it('moves its overall fraction by each stage\'s weight, never back, from 0 to 1', () => {
    const kinds = stages.map((stage) => stage.split(':')[0] as StageKind);
    const total = kinds.reduce((sum, kind) => sum + stageWeight(kind, config), 0);
    let before = 0;
    for (const [i, stage] of stages.entries()) {
      const reports = fractions.filter((p) => p.stage === stage);
      expect(reports[0]!.fraction, stage).toBeCloseTo(before / total, 10);
      before += stageWeight(kinds[i]!, config);
      expect(reports.at(-1)!.fraction, stage).toBeCloseTo(before / total, 10);
    }
    expect(fractions.every((p, i) => i === 0 || p.fraction >= fractions[i - 1]!.fraction)).toBe(true);
    expect(fractions.at(-1)!.fraction).toBeCloseTo(1, 10);
    // The generator moves within its epochs too (every batch), not only at each epoch's end.
    const generator = new Set(fractions.filter((p) => p.stage === 'generator').map((p) => p.fraction));
    expect(generator.size).toBeGreaterThan(config.generator.epochs + 1);
  });

  it('trains only on old users\' pre-split events, less each one\'s held-out last event', () => {
    const { prepared } = trained;
    expect(prepared.train).toHaveLength(split.oldSequences.length);
    prepared.train.forEach((sequence, i) => {
      const old = split.oldSequences[i]!;
      expect(Array.from(sequence)).toEqual(Array.from(old.subarray(0, old.length >= 4 ? old.length - 1 : old.length)));
    });
  });

  it('gives every recommendation fusion weights that sum to 1, and scores every item', () => {
    const task = newUserTasks(split, 10)[0]!;
    const { scores, weights } = trained.model.recommend(task.test.history, { adapt: true });
    expect(Object.keys(weights)).toEqual(['id', 'text', 'image']);
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (const w of Object.values(weights)) expect(w).toBeGreaterThan(0);
    expect(scores).toHaveLength(dataset.numItems + 1);
    expect(scores.subarray(1).every(Number.isFinite)).toBe(true);
  });

  it('scores items without training data by the generator\'s ID row alone (fusion.coldItems), and gives items added later the same gains', async () => {
    // Every demo item has old-user events: two are taken out of the training sequences so that the model has none.
    const unseen = new Set([7, 11]);
    const sequences = split.oldSequences.map((s) => s.filter((item) => !unseen.has(item))).filter((s) => s.length > 0);
    const { model, prepared } = await trainMml({ numItems: dataset.numItems, sequences, features }, config);
    onTestFinished(() => model.close());
    expect(Array.from(prepared.coldItems)).toEqual([7, 11]);
    // The model says so, and so does the same model stored and loaded back (serving slots them as new).
    expect(Array.from(model.itemsWithoutData)).toEqual([7, 11]);
    const loaded = loadMmlModel(saveMmlModel(model)).model;
    onTestFinished(() => loaded.close());
    expect(Array.from(loaded.itemsWithoutData)).toEqual([7, 11]);
    const history = newUserTasks(split, 10)[0]!.test.history.filter((item) => !unseen.has(item));
    const { scores, weights } = model.recommend(history, { adapt: false });
    // The ID learner's scores standardised over the items, as the fusion's item-axis LayerNorm does.
    const id = model.scoreWithLearner('id', [{ user: 0, history, target: 1 }]).subarray(1);
    const mean = id.reduce((a, b) => a + b, 0) / id.length;
    const std = Math.sqrt(id.reduce((a, b) => a + (b - mean) ** 2, 0) / id.length + 1e-5);
    for (const item of prepared.coldItems) expect(scores[item]).toBeCloseTo(3 * weights.id! * ((id[item - 1]! - mean) / std), 4);
    // Every other item is scored by all three learners: its gains are the fusion's own.
    const warm = Array.from({ length: dataset.numItems }, (_, i) => i + 1).find((item) => !prepared.coldItems.includes(item))!;
    expect(model.scoreNorm('text').gain[warm - 1]).not.toBe(0);
    expect([...model.newItemGains()]).toEqual([['id', 3], ['text', 0], ['image', 0]]);
  });

  it('adapts: the bounded procedure changes the answer, and never changes the model itself', () => {
    const history = newUserTasks(split, 10)[1]!.test.history;
    const before = trained.model.recommend(history, { adapt: false }).scores;
    const adapted = trained.model.recommend(history, { adapt: true }).scores;
    expect(Array.from(adapted)).not.toEqual(Array.from(before));
    expect(Array.from(trained.model.recommend(history, { adapt: false }).scores)).toEqual(Array.from(before));
  });

  it('adapts only from bounded.minHistory events on (3): two events\' one sample is not adapted on', () => {
    expect(trained.model.config.bounded.minHistory).toBe(3);
    expect([1, 2, 3, 4].map((n) => trained.model.adapts(n))).toEqual([false, false, true, true]);
    const history = newUserTasks(split, 10)[1]!.test.history;
    const scores = (events: number, adapt: boolean) => Array.from(trained.model.recommend(history.subarray(0, events), { adapt }).scores);
    expect(scores(2, true)).toEqual(scores(2, false));
    expect(scores(3, true)).not.toEqual(scores(3, false));
  });
});

describe('repeatability', () => {
  // The README promises the same model for the same seed and thread count; a whole run (two threads, every stage,
  // pools started and closed in between) must reproduce it bit for bit, or paired comparisons of two settings
  // compare noise.
  it('trains the same model again: every learning curve, every weight and every score identical', async () => {
    const again = await trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features }, config);
    try {
      expect(stripSeconds(again.report.pretrain)).toEqual(stripSeconds(trained.report.pretrain));
      expect(stripSeconds(again.report.meta)).toEqual(stripSeconds(trained.report.meta));
      expect(stripSeconds(again.report.generator)).toEqual(stripSeconds(trained.report.generator));
      expect(stripSeconds(again.report.fusion)).toEqual(stripSeconds(trained.report.fusion));
      expect(Buffer.compare(saveMmlModel(again.model), saveMmlModel(trained.model))).toBe(0);
      const history = newUserTasks(split, 10)[2]!.test.history;
      expect(Array.from(again.model.recommend(history, { adapt: true }).scores)).toEqual(Array.from(trained.model.recommend(history, { adapt: true }).scores));
    } finally {
      await again.model.close();
    }
  });
});

/** A report with its wall-clock timings removed (they are the one part that may differ between runs). */
function stripSeconds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'seconds' ? undefined : v))) as T;
}

describe('the item embedding generator', () => {
  it('trains through the frozen ID learner and writes rows for the given items only', async () => {
    const model = trained.model;
    const id = model.learner('id');
    const table = id.store.get('item_embedding.weight').value;
    const slot = model.generator!;
    const generator = ItemEmbeddingGenerator.create(model.engine, slot.generator.config, 11);
    const before = Float32Array.from(table.data);
    await trainGenerator(id, generator, slot.features, slot.neighbours, trained.prepared.train.slice(0, 100), { epochs: 1, batchSize: 32, lr: 1e-3, probability: 0.15, seed: 1 });
    expect(Array.from(table.data)).toEqual(Array.from(before)); // the ID learner stayed frozen
    const cold = Int32Array.of(3, 17, 42);
    const generated = generateEmbeddings(generator, slot.features, slot.neighbours, cold, new Workspace(model.engine));
    try {
      writeGeneratedRows(id, generated, cold);
      const D = id.config.hiddenSize;
      const after = table.data;
      for (let item = 0; item <= dataset.numItems; item++) {
        const changed = after.subarray(item * D, (item + 1) * D).some((x, j) => x !== before[item * D + j]);
        expect(changed, `row ${item}`).toBe(cold.includes(item));
      }
      const row = after.subarray(17 * D, 18 * D);
      expect(Array.from(row)).toEqual(Array.from(generated.subarray(D, 2 * D)));
      expect(row.every((x) => x >= 0)).toBe(true); // ĝ = ReLU(…)
    } finally {
      table.heap.f().set(before, table.offset);
    }
  });
});

describe('a brand-new item on its own (onboarding)', () => {
  it('gets the same ĝ from its features and neighbours as training-time generation gives its row', () => {
    const model = trained.model;
    const slot = model.generator!;
    const item = 42;
    const raw = { text: features.text.table.slice(item * 8, (item + 1) * 8), image: features.image.table.slice(item * 12, (item + 1) * 12) };
    const vectors = model.newItemVectors(raw, { exclude: item });
    const expected = generateEmbeddings(slot.generator, slot.features, slot.neighbours, [item], new Workspace(model.engine));
    expect(Array.from(vectors.id!)).toEqual(Array.from(expected).map((x) => expect.closeTo(x, 6)));
    expect(Array.from(vectors.neighbours!)).toEqual(Array.from(slot.neighbours.subarray(item * 4, (item + 1) * 4)));
    expect(vectors.text).toHaveLength(16);
    expect(vectors.image).toHaveLength(16);
  });

  it('works with one modality missing, and refuses a vector of the wrong size', () => {
    const vectors = trained.model.newItemVectors({ text: new Float32Array(8).fill(0.5) });
    expect(vectors.id).toHaveLength(16);
    expect(vectors.image).toBeUndefined();
    expect(() => trained.model.newItemVectors({ image: new Float32Array(5) })).toThrow(/5 values; this model's encoder gives 12/);
  });
});

describe('items without training data in the text and image learners', () => {
  // Items 281..300 taken out of every old sequence: the model never sees them in training, as a new item.
  const held = (item: number) => item > 280;
  const sequences = split.oldSequences.map((s) => s.filter((item) => !held(item))).filter((s) => s.length >= 2);

  it('with a frozen feature table: every row stays as given (two threads, globals in the outer loop), so a new item gets the vector onboarding gives it', async () => {
    const run = await trainMml({ numItems: dataset.numItems, sequences, features }, tinyMmlConfig({ featureTable: 'frozen', threads: 2, meta: { outerSteps: 2, includeGlobal: true }, fusion: { epochs: 1 }, generator: { epochs: 1 } }));
    try {
      expect(Array.from(run.prepared.coldItems).filter(held)).toHaveLength(20);
      for (const [name, size] of [['text', 8], ['image', 12]] as const) {
        expect(Array.from(run.model.learner(name).store.get('item_features.weight').value.data)).toEqual(Array.from(features[name].table));
        const epochs = run.report.pretrain[name]!.epochs;
        expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss); // the projection and the Transformer still learn
        const vectors = run.model.itemVectors(name);
        for (const item of [281, 290, 300]) {
          const onboarded = run.model.newItemVectors({ [name]: features[name].table.slice(item * size, (item + 1) * size) })[name]!;
          expect(Array.from(vectors.subarray(item * 16, (item + 1) * 16))).toEqual(Array.from(onboarded).map((x) => expect.closeTo(x, 5)));
        }
      }
    } finally {
      await run.model.close();
    }
  });
});

describe('MML artifacts', () => {
  it('round-trips: a stored model loads back and scores identically', async () => {
    const bytes = saveMmlModel(trained.model, { itemExternalIds: ['a', 'b'] });
    const { model, metadata } = loadMmlModel(bytes);
    try {
      expect(metadata).toMatchObject({ model: 'mml', numItems: dataset.numItems, modalities: ['id', 'text', 'image'], itemExternalIds: ['a', 'b'] });
      // It only scores: no learner keeps a gradient set (adaptation trains task copies with their own).
      for (const name of ['id', 'text', 'image'] as const) expect(model.learner(name).params.every((p) => p.value.grad === undefined), name).toBe(true);
      expect(model.itemsWithoutData).toEqual(trained.model.itemsWithoutData);
      for (const task of newUserTasks(split, 10).slice(0, 3)) {
        for (const adapt of [false, true]) {
          const original = trained.model.recommend(task.test.history, { adapt });
          const loaded = model.recommend(task.test.history, { adapt });
          expect(Array.from(loaded.scores)).toEqual(Array.from(original.scores));
          expect(loaded.weights).toEqual(original.weights);
        }
      }
    } finally {
      await model.close();
    }
  });

  it('gives a version stored before bounded.minHistory existed today\'s default', async () => {
    const { header, tensors } = decodeWeights(saveMmlModel(trained.model));
    const config = header.metadata.config as { bounded: Record<string, unknown> };
    delete config.bounded.minHistory;
    const { model, metadata } = loadMmlModel(encodeWeights(tensors, header.metadata));
    try {
      expect(metadata.config.bounded).toMatchObject({ steps: trained.model.config.bounded.steps, minHistory: 3 });
      expect(model.adapts(2)).toBe(false);
    } finally {
      await model.close();
    }
  });

  it('reads an artifact stored before items without training data were recorded as knowing none', async () => {
    const { header, tensors } = decodeWeights(saveMmlModel(trained.model));
    const { model } = loadMmlModel(encodeWeights(tensors.filter((t) => t.name !== 'items_without_data'), header.metadata));
    try {
      expect(model.itemsWithoutData).toEqual(new Int32Array(0));
    } finally {
      await model.close();
    }
  });

  it('refuses corrupt or foreign bytes with a reason', () => {
    const bytes = saveMmlModel(trained.model);
    expect(() => loadMmlModel(bytes.subarray(0, 100))).toThrow();
    const bad = bytes.slice();
    bad[0] = 0x41;
    expect(() => loadMmlModel(bad)).toThrow(/bad magic/);
  });
});

describe('per-user adaptation on task copies', () => {
  it('gives the same scores on one thread as on two (each task derives its randomness from its index)', async () => {
    const id = trained.model.learner('id');
    const tasks = newUserTasks(split, 10).slice(0, 9).map((t) => ({ support: t.support, cases: [t.test], select: t.valid }));
    const inner = { steps: 3, lr: 0.05, dropout: true };
    const results: AdaptResult[] = [];
    for (const threads of [1, 2]) {
      const pool = await TaskPool.start(trained.model.engine, id, threads);
      try {
        results.push(await pool.adapt(tasks, { inner, selectBest: true, hidden: true, seed: 5 }));
      } finally {
        await pool.close();
      }
    }
    expect(results[1]!.epochs).toEqual(results[0]!.epochs);
    results[0]!.scored.forEach((s, i) => expect(Array.from(results[1]!.scored[i]!.scores)).toEqual(Array.from(s.scores)));
  });
});

describe('aborting', () => {
  it('stops training with the abort reason at the next check', async () => {
    const controller = new AbortController();
    const run = trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features: {} }, config, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'meta:id') controller.abort(new Error('cancelled by the test'));
      },
    });
    await expect(run).rejects.toThrow(/cancelled by the test/);
  });
});

describe('events that share a timestamp', () => {
  it('train in a fresh order each epoch where the data has times (pretrain.shuffleTies), as listed otherwise', async () => {
    const quick = (shuffleTies: boolean) => tinyMmlConfig({ pretrain: { epochs: 2, shuffleTies }, meta: { enabled: false }, fusion: { epochs: 1 } });
    const pairs = split.oldSequences.map((s) => Float64Array.from(s, (_, i) => Math.floor(i / 2))); // every two events tie
    const losses = async (times: Float64Array[] | undefined, shuffleTies: boolean) => {
      const run = await trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, ...(times ? { times } : {}), features: {} }, quick(shuffleTies));
      await run.model.close();
      return run.report.pretrain.id!.epochs.map((e) => e.loss);
    };
    const listed = await losses(undefined, true);
    expect(await losses(pairs, false)).toEqual(listed);
    expect(await losses(pairs, true)).not.toEqual(listed);
  }, 60_000);
});

describe('MML settings', () => {
  it('refuses impossible settings by name before any training starts', async () => {
    const bad = tinyMmlConfig({ pretrain: { epochs: 0, averageDecay: 1, windowAnchor: 'middle' as never, shuffleTies: 'yes' as never }, generator: { probability: 2 }, meta: { windows: { min: 8, max: 4 } }, bounded: { minHistory: 1 } });
    await expect(trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features: {} }, bad)).rejects.toThrow(
      `invalid MML settings: pretrain.epochs must be a whole number ≥ 1, got 0; pretrain.windowAnchor must be 'end' or 'start', got "middle"; pretrain.shuffleTies must be true or false, got "yes"; pretrain.averageDecay must be in [0, 1), got 1; meta.windows.max (4) is below meta.windows.min (8); generator.probability must be in (0, 1], got 2; bounded.minHistory must be a whole number ≥ 2, got 1`,
    );
  });
});
