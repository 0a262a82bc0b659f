import { describe, expect, it } from 'vitest';
import { createEngine, Graph, Rng, Workspace, type Engine } from '../engine/index.ts';
import { relativeDifference } from '../engine/testing/agreement.ts';
import { SasRec } from './sasrec.ts';
import type { SasRecConfig } from './config.ts';
import { randomBatch, toBprBatch, type RawBatch } from './testing.ts';
import { loadSasRecWeights, saveSasRecWeights } from './weights-io.ts';

const tiny = (learner: SasRecConfig['learner']): Partial<SasRecConfig> & { numItems: number } => ({
  numItems: 13, learner, maxLength: 6, hiddenSize: 8, numLayers: 2, numHeads: 2, innerSize: 12, hiddenDropout: 0.3, attentionDropout: 0.3,
});

function features(numItems: number, size: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: (numItems + 1) * size }, () => rng.normal() * 0.5);
}

/** Loss and parameter gradients of one training step (dropout on, fixed seed and step). */
const workspaces = new WeakMap<Engine, Workspace>();
function workspaceOf(engine: Engine): Workspace {
  let workspace = workspaces.get(engine);
  if (!workspace) workspaces.set(engine, (workspace = new Workspace(engine)));
  return workspace;
}

function lossAndGrads(engine: Engine, model: SasRec, raw: RawBatch, withGrad = true): { loss: number; grads: Map<string, Float64Array> } {
  const g = new Graph(workspaceOf(engine), { training: true, seed: 3, step: 1, noGrad: !withGrad });
  model.store.zeroGrads();
  const { loss } = model.calculateLoss(g, toBprBatch(g, raw));
  const value = loss.data[0]!;
  if (withGrad) g.backward(loss);
  const grads = new Map(model.params.map((p) => [p.name, Float64Array.from(p.grad.data)]));
  g.dispose();
  return { loss: value, grads };
}

/** The largest relative gap between analytic and central-difference gradients over 6 random entries per parameter. */
function worstGradientError(engine: Engine, model: SasRec, raw: RawBatch): { worst: number; where: string } {
  const { grads } = lossAndGrads(engine, model, raw);
  const rng = new Rng(9);
  const eps = 1e-6;
  let worst = 0;
  let where = '';
  for (const p of model.params) {
    const grad = grads.get(p.name)!;
    for (let s = 0; s < 6; s++) {
      // The floor of 1e-4 keeps finite-difference rounding (~1e-10) on near-zero gradients (key biases have an
      // exactly zero true gradient) from counting as error; real mistakes show on the large gradients.
      const k = rng.int(0, p.value.size);
      const at = p.value.offset + k;
      // Re-read the view each time: a growing heap replaces its arrays.
      const saved = engine.heap.f()[at]!;
      engine.heap.f()[at] = saved + eps;
      const plus = lossAndGrads(engine, model, raw, false).loss;
      engine.heap.f()[at] = saved - eps;
      const minus = lossAndGrads(engine, model, raw, false).loss;
      engine.heap.f()[at] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(grad[k]! - numeric) / Math.max(Math.abs(grad[k]!), Math.abs(numeric), 1e-4);
      if (err > worst) [worst, where] = [err, `${p.name}[${k}]: analytic ${grad[k]}, numeric ${numeric}`];
    }
  }
  return { worst, where };
}

describe('SasRec', () => {
  for (const learner of [{ kind: 'id' }, { kind: 'feature', featureSize: 5 }] as const) {
    it(`${learner.kind} learner: whole forward+backward matches finite differences in float64`, () => {
      const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
      const model = SasRec.create(engine, tiny(learner), { seed: 11, features: learner.kind === 'feature' ? features(13, 5, 2) : undefined });
      const { worst, where } = worstGradientError(engine, model, randomBatch(3, 6, 13, 4));
      expect(worst, where).toBeLessThan(1e-5);
    });
  }

  it('cross-entropy with the history left out of the softmax: forward+backward matches finite differences in float64', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const model = SasRec.create(engine, { ...tiny({ kind: 'id' }), loss: 'ce', maskHistoryInLoss: true }, { seed: 11 });
    const { worst, where } = worstGradientError(engine, model, randomBatch(3, 6, 13, 4));
    expect(worst, where).toBeLessThan(1e-5);
  });

  it('cross-entropy with the history left out: each position\'s loss is −log softmax over the items not yet in its input, and the target', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const model = SasRec.create(engine, { ...tiny({ kind: 'id' }), loss: 'ce', maskHistoryInLoss: true }, { seed: 3 });
    const raw = randomBatch(3, 6, 13, 7);
    const g = new Graph(workspaceOf(engine), { training: false, noGrad: true });
    const masked = model.calculateLoss(g, toBprBatch(g, raw)).loss.data[0]!;
    let sum = 0;
    let repeated = 0;
    for (let b = 0; b < raw.B; b++) {
      for (let t = 0; t < raw.T; t++) {
        const target = raw.positives[b * raw.T + t]!;
        if (target <= 0) continue;
        // Causal attention: position t's state is the state of the prefix 0..t scored on its own.
        const prefix = raw.items.slice(b * raw.T, b * raw.T + t + 1);
        const scores = model.fullSortPredict(g, g.ints(prefix, [1, t + 1]), [t + 1]).scores.data;
        const left = new Set(prefix.filter((item) => item !== target));
        if (prefix.includes(target)) repeated++;
        const kept = Array.from(scores).filter((_, item) => !left.has(item));
        const max = Math.max(...kept);
        sum += -(scores[target]! - max - Math.log(kept.reduce((s, v) => s + Math.exp(v - max), 0)));
      }
    }
    g.dispose();
    expect(repeated).toBeGreaterThan(0); // a target already in its input stays in its softmax
    expect(masked).toBeCloseTo(sum / raw.normalizer, 10);
    const plain = SasRec.create(engine, { ...tiny({ kind: 'id' }), loss: 'ce' }, { seed: 3 });
    const g2 = new Graph(workspaceOf(engine), { training: false, noGrad: true });
    expect(plain.calculateLoss(g2, toBprBatch(g2, raw)).loss.data[0]!).toBeGreaterThan(masked + 1e-3);
    g2.dispose();
  });

  it('row-sparse item table: only rows in the batch get a gradient, and exactly those are tracked', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const model = SasRec.create(engine, tiny({ kind: 'id' }), { seed: 1 });
    const raw = randomBatch(3, 6, 13, 8);
    const g = new Graph(workspaceOf(engine), { training: true, seed: 1 });
    g.backward(model.calculateLoss(g, toBprBatch(g, raw)).loss);
    const table = model.store.get('item_embedding.weight');
    const marks = engine.heap.i().subarray(table.tracker!.marks, table.tracker!.marks + 14);
    const tracked = new Set([...marks.keys()].filter((row) => marks[row] === 1));
    const used = new Set([...raw.items, ...raw.positives, ...raw.negatives]);
    expect([...tracked].sort((a, b) => a - b)).toEqual([...used].sort((a, b) => a - b));
    const grad = table.grad.data;
    for (let row = 0; row <= 13; row++) {
      const norm = Array.from(grad.subarray(row * 8, row * 8 + 8)).reduce((s, v) => s + Math.abs(v), 0);
      if (!used.has(row)) expect(norm).toBe(0);
    }
  });

  for (const learner of [{ kind: 'id' }, { kind: 'feature', featureSize: 24 }] as const) {
    it(`${learner.kind} learner at the MML shape: WebAssembly and TypeScript agree within 1e-5 on loss and every gradient`, () => {
      const config = { numItems: 300, learner, hiddenDropout: 0.5, attentionDropout: 0.5 };
      const feats = learner.kind === 'feature' ? features(300, 24, 3) : undefined;
      const raw = randomBatch(4, 50, 300, 5);
      const results = (['typescript', 'auto'] as const).map((kernels) => {
        const engine = createEngine({ kernels });
        return lossAndGrads(engine, SasRec.create(engine, config, { seed: 21, features: feats }), raw);
      });
      const [ts, wasm] = results as [ReturnType<typeof lossAndGrads>, ReturnType<typeof lossAndGrads>];
      expect(Math.abs(wasm.loss - ts.loss) / Math.abs(ts.loss)).toBeLessThan(1e-5);
      for (const [name, grad] of ts.grads) expect(relativeDifference(wasm.grads.get(name)!, grad), name).toBeLessThan(1e-5);
    });
  }

  it('predict, fullSortPredict and forward have the documented shapes and agree with each other', () => {
    const engine = createEngine();
    const model = SasRec.create(engine, { numItems: 40, maxLength: 10 }, { seed: 2 });
    const g = new Graph(workspaceOf(engine), { training: false, noGrad: true });
    const items = g.ints([1, 2, 3, 0, 0, 5, 6, 7, 8, 9].flatMap((v) => [v, 0]).slice(0, 20), [2, 10]);
    const lengths = [2, 5];
    const { hidden, sequence } = model.forward(g, items, lengths);
    expect(hidden.shape).toEqual([2, 10, 64]);
    expect(sequence.shape).toEqual([2, 64]);
    const { scores } = model.fullSortPredict(g, items, lengths);
    expect(scores.shape).toEqual([2, 41]);
    const candidates = g.ints([7, 33]);
    const single = model.predict(g, items, lengths, candidates).scores.data;
    expect(single[0]).toBeCloseTo(scores.data[7]!, 5);
    expect(single[1]).toBeCloseTo(scores.data[41 + 33]!, 5);
  });

  it('weights round-trip through the binary format with names, shapes and values intact', () => {
    const engine = createEngine();
    const model = SasRec.create(engine, { numItems: 25, learner: { kind: 'feature', featureSize: 6 } }, { seed: 5, features: features(25, 6, 1) });
    const bytes = saveSasRecWeights(model, { note: 'test' });
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('FSWEIGHT');
    const other = createEngine({ kernels: 'typescript' });
    const loaded = loadSasRecWeights(other, bytes);
    expect(loaded.config).toEqual(model.config);
    for (const p of model.params) {
      const q = loaded.store.get(p.name);
      expect(q.spec.shape).toEqual(p.spec.shape);
      expect(Array.from(q.value.data)).toEqual(Array.from(p.value.data));
    }
  });
});
