import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { Graph } from '../graph.ts';
import { Rng } from '../rng.ts';
import { Workspace } from '../workspace.ts';
import * as ops from './index.ts';

const [ROWS, D, ITEMS] = [37, 8, 301];

/** Loss, d states and d table of one run, on the WebAssembly path (the one training uses). */
function run(loss: (g: Graph, states: ReturnType<Graph['constant']>, table: ReturnType<Graph['constant']>, targets: ReturnType<Graph['ints']>) => ReturnType<Graph['constant']>) {
  const engine = createEngine();
  const workspace = new Workspace(engine);
  const rng = new Rng(5);
  const g = new Graph(workspace, { training: true });
  const states = g.constant(Array.from({ length: ROWS * D }, () => rng.normal()), [ROWS, D]);
  const table = g.constant(Array.from({ length: ITEMS * D }, () => rng.normal()), [ITEMS, D]);
  states.requiresGrad = true;
  table.requiresGrad = true;
  const targets = g.ints(Array.from({ length: ROWS }, () => rng.int(1, ITEMS)));
  const start = workspace.arena.mark();
  const out = loss(g, states, table, targets);
  g.backward(out);
  const end = workspace.arena.mark();
  expect(end.chunk).toBe(start.chunk); // everything below fits one arena chunk, so `used` measures it
  return { loss: out.data[0]!, dStates: Float32Array.from(states.grad!.data), dTable: Float32Array.from(table.grad!.data), used: end.used - start.used };
}

const unblocked = run((g, states, table, targets) => ops.crossEntropy(g, ops.matmul(g, states, table, { transB: true }), targets, 11));

describe('scoresCrossEntropy', () => {
  it('is bit for bit crossEntropy(matmul(states, tableᵀ)) when the scores fit one block', () => {
    const blocked = run((g, states, table, targets) => ops.scoresCrossEntropy(g, states, table, targets, 11));
    expect(blocked.loss).toBe(unblocked.loss);
    expect(blocked.dStates).toEqual(unblocked.dStates);
    expect(blocked.dTable).toEqual(unblocked.dTable);
  });

  it('gives the same loss and gradients in blocks of a few rows, holding only two blocks of scores', () => {
    const blockElements = 4 * ITEMS; // 4 rows per block: 10 blocks, the last one short
    const blocked = run((g, states, table, targets) => ops.scoresCrossEntropy(g, states, table, targets, 11, { blockElements }));
    expect(blocked.loss).toBeCloseTo(unblocked.loss, 5);
    blocked.dStates.forEach((v, i) => expect(v).toBeCloseTo(unblocked.dStates[i]!, 6));
    blocked.dTable.forEach((v, i) => expect(v).toBeCloseTo(unblocked.dTable[i]!, 6));
    // The whole scores, their softmax and their gradient ([rows, items] each) were three of the other way's tensors.
    expect(blocked.used).toBeLessThan(unblocked.used - 2.5 * ROWS * ITEMS);
  });
});
