import { OnnxSession, ort } from '@fewshot/onnx/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coldStartSplit } from '../coldstart/split.ts';
import { newUserTasks } from '../coldstart/tasks.ts';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { AdaptationPool } from '../mml/adaptation-pool.ts';
import { saveMmlModel } from '../mml/artifact.ts';
import type { MmlModel } from '../mml/mml-model.ts';
import { syntheticFeatures, tinyMmlConfig } from '../mml/testing.ts';
import { trainMml } from '../mml/train-mml.ts';
import { exportServingGraph, type ServingGraph } from './serving-graph.ts';

const dataset = loadDemoTimedRatings({ maxItems: 300 })!;
const split = coldStartSplit(dataset);
// Two heads and two blocks, so head splitting and block chaining are exercised; a trained item-axis gain and bias.
const config = tinyMmlConfig({ sasrec: { numHeads: 2, numLayers: 2, maxLength: 12 }, fusion: { learnItemAffine: true } });
let model: MmlModel;
let graph: ServingGraph;
let session: OnnxSession;

beforeAll(async () => {
  const features = { text: syntheticFeatures(dataset.numItems, 8, 1), image: syntheticFeatures(dataset.numItems, 12, 2, 7) };
  ({ model } = await trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features }, config));
  graph = exportServingGraph(model);
  session = await OnnxSession.open(graph.model);
});

afterAll(async () => {
  await session?.release();
  await model?.close();
});

/** The serving graph's feeds for histories, with θ's local modules or the given ones. */
function feeds(histories: Int32Array[], parameters: Map<string, Float32Array> = graph.parameters): Record<string, ort.Tensor> {
  const T = graph.maxLength;
  const items = new BigInt64Array(histories.length * T);
  histories.forEach((history, b) => history.subarray(Math.max(0, history.length - T)).forEach((item, t) => (items[b * T + t] = BigInt(item))));
  const out: Record<string, ort.Tensor> = { items: new ort.Tensor('int64', items, [histories.length, T]) };
  const rows = model.numItems + 1;
  for (const name of graph.learners) {
    out[`item_vectors.${name}`] = new ort.Tensor('float32', model.itemVectors(name as 'id'), [rows, graph.hiddenSize]);
    const { gain, bias } = model.scoreNorm(name as 'id');
    out[`score_gain.${name}`] = new ort.Tensor('float32', gain, [rows - 1]);
    out[`score_bias.${name}`] = new ort.Tensor('float32', bias, [rows - 1]);
  }
  for (const [name, value] of parameters) out[name] = new ort.Tensor('float32', value, session.inputs.find((i) => i.name === name)!.shape as number[]);
  return out;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('the ONNX serving graph', () => {
  it('declares its inputs: the history, each learner\'s item vectors, local modules and score normalisation', () => {
    expect(graph.learners).toEqual(['id', 'text', 'image']);
    const names = session.inputNames;
    expect(names).toContain('items');
    for (const name of graph.learners) {
      expect(names).toEqual(expect.arrayContaining([`item_vectors.${name}`, `score_gain.${name}`, `score_bias.${name}`, `${name}.position_embedding.weight`, `${name}.blocks.1.ffn.out.weight`]));
    }
    expect(graph.parameters.size).toBe(3 * (3 + 2 * 12));
  });

  it('agrees with MmlModel.recommend within 1e-4 (scores and fusion weights), for short, long and one-item histories', async () => {
    const histories = [Int32Array.of(5), Int32Array.of(3, 9, 27), ...newUserTasks(split, 10).slice(0, 4).map((t) => t.test.history), split.oldSequences.find((s) => s.length > 30)!];
    const out = await session.run(feeds(histories));
    const V = model.numItems;
    const scores = out.scores!.data as Float32Array;
    const weights = out.weights!.data as Float32Array;
    expect(out.scores!.dims).toEqual([histories.length, V]);
    histories.forEach((history, b) => {
      const expected = model.recommend(history, { adapt: false });
      expect(maxDifference(scores.subarray(b * V, (b + 1) * V), expected.scores.subarray(1))).toBeLessThan(1e-4);
      expect(maxDifference(weights.subarray(b * 3, (b + 1) * 3), Object.values(expected.weights))).toBeLessThan(1e-4);
    });
  });

  it('serves a cold user\'s adapted local modules through the same graph, matching recommend with adaptation', async () => {
    const history = newUserTasks(split, 5)[1]!.test.history;
    const adapted = model.adaptedLocalModules(history);
    expect(maxDifference(adapted.get('id.blocks.0.attention.qkv.weight')!, graph.parameters.get('id.blocks.0.attention.qkv.weight')!)).toBeGreaterThan(1e-6);
    const out = await session.run(feeds([history], adapted));
    const expected = model.recommend(history, { adapt: true });
    expect(maxDifference((out.scores!.data as Float32Array), expected.scores.subarray(1))).toBeLessThan(1e-4);
    expect(maxDifference(out.weights!.data as Float32Array, Object.values(expected.weights))).toBeLessThan(1e-4);
  });

  it('adapts in worker threads exactly as in process (AdaptationPool)', async () => {
    const pool = await AdaptationPool.start(saveMmlModel(model), 2);
    try {
      const histories = newUserTasks(split, 5).slice(0, 4).map((t) => t.test.history);
      const results = await Promise.all(histories.map((h) => pool.adapt(h)));
      histories.forEach((history, i) => {
        const expected = model.adaptedLocalModules(history);
        expect([...results[i]!.keys()]).toEqual([...expected.keys()]);
        for (const [name, value] of expected) expect(Array.from(results[i]!.get(name)!)).toEqual(Array.from(value));
      });
    } finally {
      await pool.close();
    }
  });

  it('ranks an item added after export by appending its row, with no new graph', async () => {
    const vectors = model.newItemVectors({ text: syntheticFeatures(1, 8, 9).table.subarray(8), image: syntheticFeatures(1, 12, 10).table.subarray(12) });
    const base = feeds([Int32Array.of(3, 9, 27)]);
    const grown: Record<string, ort.Tensor> = { ...base };
    const rows = model.numItems + 2;
    for (const name of graph.learners) {
      const table = new Float32Array(rows * graph.hiddenSize);
      table.set(base[`item_vectors.${name}`]!.data as Float32Array);
      table.set(vectors[name as 'id']!, (rows - 1) * graph.hiddenSize);
      grown[`item_vectors.${name}`] = new ort.Tensor('float32', table, [rows, graph.hiddenSize]);
      for (const [key, fill] of [['score_gain', 1], ['score_bias', 0]] as const) {
        const values = new Float32Array(rows - 1).fill(fill);
        values.set(base[`${key}.${name}`]!.data as Float32Array);
        grown[`${key}.${name}`] = new ort.Tensor('float32', values, [rows - 1]);
      }
    }
    const out = await session.run(grown);
    expect(out.scores!.dims).toEqual([1, model.numItems + 1]);
    expect(Number.isFinite((out.scores!.data as Float32Array)[model.numItems]!)).toBe(true);
  });
});

describe('the ONNX serving graph at the served size (D 64, 2 blocks × 2 heads, T 50, fusion MLP 128)', () => {
  it('agrees with MmlModel.recommend within 1e-4, adapted and not', async () => {
    const full = tinyMmlConfig({
      sasrec: { hiddenSize: 64, numLayers: 2, numHeads: 2, innerSize: 256, maxLength: 50 },
      pretrain: { epochs: 1 }, meta: { outerSteps: 2 }, generator: { epochs: 1 }, fusion: { mlpSize: 128, epochs: 1 },
    });
    const features = { text: syntheticFeatures(dataset.numItems, 32, 5) };
    const { model: served } = await trainMml({ numItems: dataset.numItems, sequences: split.oldSequences, features }, full);
    const exported = exportServingGraph(served);
    const onnx = await OnnxSession.open(exported.model);
    try {
      const history = split.oldSequences.find((s) => s.length > 60)!;
      const rows = served.numItems + 1;
      const feedsFor = (parameters: Map<string, Float32Array>) => {
        const T = exported.maxLength;
        const items = new BigInt64Array(T);
        history.subarray(history.length - T).forEach((item, t) => (items[t] = BigInt(item)));
        const out: Record<string, ort.Tensor> = { items: new ort.Tensor('int64', items, [1, T]) };
        for (const name of exported.learners) {
          out[`item_vectors.${name}`] = new ort.Tensor('float32', served.itemVectors(name as 'id'), [rows, 64]);
          const { gain, bias } = served.scoreNorm(name as 'id');
          out[`score_gain.${name}`] = new ort.Tensor('float32', gain, [rows - 1]);
          out[`score_bias.${name}`] = new ort.Tensor('float32', bias, [rows - 1]);
        }
        for (const [name, value] of parameters) out[name] = new ort.Tensor('float32', value, onnx.inputs.find((i) => i.name === name)!.shape as number[]);
        return out;
      };
      for (const adapt of [false, true]) {
        const out = await onnx.run(feedsFor(adapt ? served.adaptedLocalModules(history) : exported.parameters));
        const expected = served.recommend(history, { adapt });
        expect(maxDifference(out.scores!.data as Float32Array, expected.scores.subarray(1))).toBeLessThan(1e-4);
        expect(maxDifference(out.weights!.data as Float32Array, Object.values(expected.weights))).toBeLessThan(1e-4);
      }
    } finally {
      await onnx.release();
      await served.close();
    }
  });
});
