import { describe, expect, it } from 'vitest';
import { ops } from '../engine/index.ts';
import { gradCheck } from '../engine/testing/grad-check.ts';
import { engineFor, randomValues, runOp, type OpCase } from '../engine/testing/op-harness.ts';
import { generate, generateForItems } from './generator.ts';

// A table of 7 rows (row 0 padding) of 5 features, 2 neighbours per item, 4-d embeddings.
const ROWS = 7;
const F = 5;
const K = 2;
const D = 4;
const NEIGHBOURS = Int32Array.of(0, 0, 2, 3, 1, 3, 4, 1, 6, 2, 5, 1, 3, 4);
const inputs: OpCase['inputs'] = [{ kind: 'float', shape: [ROWS, F], requiresGrad: false }, { kind: 'float', shape: [F, D] }, { kind: 'float', shape: [D] }, { kind: 'float', shape: [D, 1] }];

/** ĝ through generateForItems for the given items: its projected-table path for large sets, its gathered path for small ones. */
function forItems(items: number[]): OpCase {
  return {
    name: `generateForItems(${items.join(', ')})`,
    inputs,
    run: (g, [table, weight, bias, attention]) => generateForItems(g, { weight: weight!, bias: bias!, attention: attention! }, table!, NEIGHBOURS, items, K),
  };
}

/** The same items through the gathered features, whatever their number (what generateForItems did for every set before). */
function gathered(items: number[]): OpCase {
  const neighbourIds = items.flatMap((item) => Array.from(NEIGHBOURS.subarray(item * K, (item + 1) * K)));
  return {
    name: `gathered features of ${items.join(', ')}`,
    inputs: [...inputs, { kind: 'ints', shape: [items.length], values: items }, { kind: 'ints', shape: [neighbourIds.length], values: neighbourIds }],
    run: (g, [table, weight, bias, attention], [ids, nids]) => generate(g, { weight: weight!, bias: bias!, attention: attention! }, ops.embedding(g, table!, ids!), ops.embedding(g, table!, nids!), K),
  };
}

const EVERY_ITEM = [1, 2, 3, 4, 5, 6]; // 6 · (K + 1) ≥ 7 rows: the whole table is projected
const TWO_ITEMS = [5, 2]; // 2 · (K + 1) < 7: their features are gathered

describe('the item embedding generator over a feature table', () => {
  const { workspace } = engineFor({ kernels: 'typescript', dtype: 'float64' });

  for (const items of [EVERY_ITEM, TWO_ITEMS]) {
    it(`${forItems(items).name}: backward matches finite differences`, () => {
      for (const seed of [1, 2]) {
        const report = gradCheck(workspace, forItems(items), { seed });
        expect(report.checked).toBeGreaterThan(0);
        expect(report.maxRelativeError, report.worst).toBeLessThan(1e-5);
      }
    });
  }

  it('projecting the whole table then gathering gives the gathered features\' ĝ and gradients', () => {
    const values = randomValues(forItems(EVERY_ITEM), 3);
    const ids = EVERY_ITEM;
    const outputGrad = Array.from({ length: ids.length * D }, (_, i) => Math.sin(i + 1));
    const projected = runOp(workspace, forItems(ids), values, outputGrad);
    const viaGather = gathered(ids);
    const viaFeatures = runOp(workspace, viaGather, [...values, ...viaGather.inputs.slice(values.length).map((input) => (input.kind === 'ints' ? input.values : []))], outputGrad);
    expect(Array.from(projected.output)).toEqual(Array.from(viaFeatures.output).map((x) => expect.closeTo(x, 12)));
    for (const input of [1, 2, 3]) {
      expect(Array.from(projected.grads[input]!)).toEqual(Array.from(viaFeatures.grads[input]!).map((x) => expect.closeTo(x, 12)));
    }
  });
});
