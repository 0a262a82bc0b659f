import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { Graph } from '../graph.ts';
import * as ops from '../ops/index.ts';
import { ParamStore } from '../param-store.ts';
import { relativeDifference } from '../testing/agreement.ts';
import { Workspace } from '../workspace.ts';
import { Adam } from './adam.ts';
import { Sgd } from './sgd.ts';

/** A dense weight [3, 4] and a row-sparse table [6, 4]; loss = Σ (table[ids] · W-ish) so both get gradients. */
function setup(engine: Engine) {
  const store = new ParamStore();
  const dense = store.declare({ name: 'dense', shape: [4, 3], init: { kind: 'normal', std: 0.5 } });
  const table = store.declare({ name: 'table', shape: [6, 4], init: { kind: 'normal', std: 0.5 }, rowSparse: true });
  store.materialize(engine, { seed: 4 });
  const workspace = new Workspace(engine);
  const backward = (ids: number[]) => {
    const g = new Graph(workspace, { training: false });
    const rows = ops.embedding(g, table.value, g.ints(ids)); // [n, 4]
    const out = ops.linear(g, rows, dense.value); // [n, 3]
    g.backwardFrom(out, Array.from({ length: out.size }, (_, i) => Math.cos(i)));
    g.dispose();
  };
  return { store, dense, table, backward };
}

describe('Adam', () => {
  it('matches the PyTorch update rule over two steps (dense parameter)', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const { dense, table, backward } = setup(engine);
    table.frozen = true;
    const adam = new Adam(engine, { lr: 0.01 });
    const p = Array.from(dense.value.data);
    const m = p.map(() => 0);
    const v = p.map(() => 0);
    for (let t = 1; t <= 2; t++) {
      backward([1, 2]);
      const g = Array.from(dense.grad.data);
      adam.step([dense]);
      for (let i = 0; i < p.length; i++) {
        m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
        v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
        p[i] = p[i]! - (0.01 * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
      }
      expect(relativeDifference(dense.value.data, p)).toBeLessThan(1e-12);
      expect(Array.from(dense.grad.data).every((x) => x === 0)).toBe(true);
    }
  });

  it('updates only the rows a row-sparse gradient touched (lazy), then clears them', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const { table, backward } = setup(engine);
    const before = Array.from(table.value.data);
    backward([4, 1, 4]);
    new Adam(engine, { lr: 0.1 }).step([table]);
    const after = Array.from(table.value.data);
    for (let row = 0; row < 6; row++) {
      const changed = after.slice(row * 4, row * 4 + 4).some((x, j) => x !== before[row * 4 + j]);
      expect(changed, `row ${row}`).toBe(row === 1 || row === 4);
    }
    const marks = engine.heap.i().subarray(table.tracker!.marks, table.tracker!.marks + 6);
    expect(Array.from(marks)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(table.grad.data).every((x) => x === 0)).toBe(true);
  });

  it('WebAssembly and TypeScript paths take the same Adam and SGD steps (dense and row-sparse)', () => {
    const results = (['typescript', 'auto'] as const).map((kernels) => {
      const engine = createEngine({ kernels });
      const { store, dense, table, backward } = setup(engine);
      const adam = new Adam(engine, { lr: 0.05 });
      const sgd = new Sgd(engine, { lr: 0.1 });
      for (let step = 0; step < 3; step++) {
        backward([step, 5, 2, step + 1]);
        if (step === 1) sgd.step([dense, table]);
        else adam.step([dense, table]);
      }
      return store.snapshot();
    });
    results[0]!.forEach((t, i) => expect(relativeDifference(results[1]![i]!.data, t.data), t.name).toBeLessThan(1e-5));
  });
});

describe('parameter groups', () => {
  it('steps only the given group, at its own learning rate, leaving the others untouched', () => {
    const engine = createEngine({ kernels: 'typescript', dtype: 'float64' });
    const { store, dense, table, backward } = setup(engine);
    const tableBefore = Array.from(table.value.data);
    const denseBefore = Array.from(dense.value.data);
    backward([0, 3]);
    const g = Array.from(dense.grad.data);
    new Sgd(engine, { lr: 1 }).step([{ params: [dense], lr: 0.5 }]);
    expect(Array.from(dense.value.data)).toEqual(denseBefore.map((x, i) => x - 0.5 * g[i]!));
    expect(Array.from(table.value.data)).toEqual(tableBefore);
    store.zeroGrads([table]);
    expect(Array.from(table.grad.data).every((x) => x === 0)).toBe(true);
  });
});
