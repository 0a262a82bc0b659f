import { describe, expect, it } from 'vitest';
import type { WasmKernelPath } from '../wasm/load-module.ts';
import { relativeDifference } from '../testing/agreement.ts';
import { engineFor, randomValues, runOp, type OpCase } from '../testing/op-harness.ts';
import { opCases } from '../testing/op-cases.ts';
import * as ops from '../ops/index.ts';

const reference = engineFor({ kernels: 'typescript', dtype: 'float32' }).workspace;

/** Both kernel builds: relaxed SIMD (fused multiply-add, the default) and plain SIMD (the fallback). */
for (const path of ['wasm-relaxed-simd', 'wasm-simd'] as const) describeAgreement(path);

function describeAgreement(path: WasmKernelPath): void {
  const wasm = engineFor({ kernels: path }).workspace;

  function expectAgreement(case_: OpCase, seed: number): void {
    const values = randomValues(case_, seed);
    const expected = runOp(reference, case_, values);
    const outputGrad = Array.from(expected.output, (_, i) => Math.sin(i + seed));
    const ts = runOp(reference, case_, values, outputGrad);
    const simd = runOp(wasm, case_, values, outputGrad);
    expect(relativeDifference(simd.output, ts.output), 'output').toBeLessThan(1e-5);
    simd.grads.forEach((grad, i) => expect(relativeDifference(grad, ts.grads[i]!), `gradient ${i}`).toBeLessThan(1e-5));
  }

  describe(`WebAssembly (${path}) and TypeScript paths agree within 1e-5 relative`, () => {
    for (const case_ of opCases()) {
      it(`${case_.name}: same forward and backward`, () => {
        for (const seed of [1, 2, 3]) expectAgreement(case_, seed);
      });
    }

    it('gemm: same results over ragged shapes, transposes, long K, accumulation and bias', () => {
      const shapes = [[1, 1, 1], [4, 8, 3], [5, 9, 17], [33, 20, 7], [3, 130, 300], [64, 24, 600], [50, 50, 32], [9, 300, 64], [70, 260, 5]];
      for (const [M, N, K] of shapes) {
        for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
          expectAgreement({
            name: 'gemm',
            inputs: [{ kind: 'float', shape: transA ? [K!, M!] : [M!, K!] }, { kind: 'float', shape: transB ? [N!, K!] : [K!, N!] }],
            run: (g, [a, b]) => ops.matmul(g, a!, b!, { transA, transB }),
          }, M! + N! + K!);
        }
        expectAgreement({
          name: 'linear',
          inputs: [{ kind: 'float', shape: [M!, K!] }, { kind: 'float', shape: [K!, N!] }, { kind: 'float', shape: [N!] }],
          run: (g, [x, w, b]) => ops.linear(g, x!, w!, b),
        }, 5);
      }
    });

    it('attention at the model shape (T = 50, 2 heads of 32) agrees with dropout on', () => {
      const T = 50;
      const ids = Array.from({ length: 3 * T }, (_, i) => (i % T < [50, 17, 1][Math.floor(i / T)]! ? 1 + (i % 7) : 0));
      expectAgreement({
        name: 'attention T=50',
        training: true,
        inputs: [{ kind: 'float', shape: [3, T, 192] }, { kind: 'ints', shape: [3, T], values: ids }],
        run: (g, [qkv], [idTensor]) => ops.causalSelfAttention(g, qkv!, idTensor!, { heads: 2, dropout: 0.5 }),
      }, 11);
    });

    it('dropout draws bit-identical masks on both paths', () => {
      const case_: OpCase = { name: 'dropout', training: true, inputs: [{ kind: 'float', shape: [8, 37] }], run: (g, [x]) => ops.dropout(g, x!, 0.5) };
      const values = [Array.from({ length: 8 * 37 }, () => 1)];
      const a = runOp(reference, case_, values).output;
      const b = runOp(wasm, case_, values).output;
      expect(Array.from(b)).toEqual(Array.from(a));
      const kept = a.filter((v) => v !== 0).length / a.length;
      expect(kept).toBeGreaterThan(0.4);
      expect(kept).toBeLessThan(0.6);
    });
  });
}
