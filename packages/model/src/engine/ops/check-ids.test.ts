import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { Graph } from '../graph.ts';
import { Workspace } from '../workspace.ts';
import * as ops from './index.ts';

describe('ids outside their table', () => {
  const graph = () => new Graph(new Workspace(createEngine()), { training: true });

  it('a row lookup refuses an id past the table or below 0, and looks up the last row', () => {
    const g = graph();
    const table = g.constant(Array.from({ length: 5 * 3 }, (_, i) => i), [5, 3]);
    expect(() => ops.embedding(g, table, g.ints([0, 5]))).toThrow('row lookup: id 5 (position 1 of 2) is outside [0, 5)');
    expect(() => ops.embedding(g, table, g.ints([-1]))).toThrow('row lookup: id -1 (position 0 of 1) is outside [0, 5)');
    expect(Array.from(ops.embedding(g, table, g.ints([4])).data)).toEqual([12, 13, 14]);
  });

  it('the losses refuse a target past the last column, and skip negative ones as before', () => {
    const g = graph();
    const logits = g.constant([0, 1, 2, 3, 4, 5], [2, 3]);
    expect(() => ops.crossEntropy(g, logits, g.ints([2, 3]), 2)).toThrow('crossEntropy: id 3 (position 1 of 2) is outside [0, 3)');
    const states = g.constant([1, 0, 0, 1], [2, 2]);
    const table = g.constant([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(() => ops.scoresCrossEntropy(g, states, table, g.ints([0, 3]), 2)).toThrow('scoresCrossEntropy: id 3 (position 1 of 2) is outside [0, 3)');
    const skipped = ops.crossEntropy(g, logits, g.ints([2, -1]), 1).data[0]!;
    expect(skipped).toBeCloseTo(-Math.log(Math.exp(2) / (1 + Math.exp(1) + Math.exp(2))), 5);
  });
});
