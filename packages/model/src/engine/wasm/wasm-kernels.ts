/// <reference path="./webassembly.d.ts" />
import type { Kernels } from '../kernels.ts';
import { dropoutThreshold } from '../hash.ts';
import type { WasmKernelPath } from './load-module.ts';

type Fn = (...args: number[]) => number;

/** Byte address of an element offset; -1 ("none") becomes the null pointer the kernels test for. */
function ptr(offset: number): number {
  return offset < 0 ? 0 : offset * 4;
}

/** Adapts the kernel module's exports (byte pointers) to the Kernels contract (element offsets). */
export function createWasmKernels(exports: WebAssembly.Exports, path: WasmKernelPath): Kernels {
  const names = ['gemm', 'attentionScratchBytes', 'zero', 'copy', 'add', 'axpy', 'scale', 'addBias', 'biasGrad', 'rowDot', 'rowDotBackward',
    'gelu', 'geluWithSlope', 'mulInto', 'relu', 'reluBackward', 'layerNorm', 'layerNormBackward', 'residualNorm', 'residualNormBackward', 'softmax', 'softmaxBackward',
    'softmaxCrossEntropy', 'softmaxCrossEntropyBackward', 'dropout', 'gather', 'scatterAdd', 'clearRows',
    'accumulateRows', 'bpr', 'bprBackward', 'adam', 'adamRows', 'sgd', 'sgdRows', 'attentionForward', 'attentionBackward'] as const;
  const w = {} as Record<(typeof names)[number], Fn>;
  for (const name of names) {
    const f = exports[name];
    if (typeof f !== 'function') throw new Error(`kernel module lacks ${name}: rebuild it (npm run build -w @fewshot/model)`);
    w[name] = f as Fn;
  }
  return {
    path,
    scratchElements: (T) => Math.ceil(w.attentionScratchBytes(T) / 4),
    gemm: (M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate, bias, scratch, colSums = -1) =>
      void w.gemm(M, N, K, ptr(a), rsA, csA, ptr(b), rsB, csB, ptr(c), ldc, accumulate ? 1 : 0, ptr(bias), 0, ptr(scratch), ptr(colSums)),
    zero: (x, n) => void w.zero(ptr(x), n),
    copy: (src, dst, n) => void w.copy(ptr(src), ptr(dst), n),
    add: (a, b, out, n) => void w.add(ptr(a), ptr(b), ptr(out), n),
    axpy: (dst, src, alpha, n) => void w.axpy(ptr(dst), ptr(src), alpha, n),
    scale: (x, alpha, n) => void w.scale(ptr(x), alpha, n),
    addBias: (y, bias, rows, cols) => void w.addBias(ptr(y), ptr(bias), rows, cols),
    biasGrad: (dy, db, rows, cols) => void w.biasGrad(ptr(dy), ptr(db), rows, cols),
    rowDot: (a, b, out, rows, cols) => void w.rowDot(ptr(a), ptr(b), ptr(out), rows, cols),
    rowDotBackward: (g, a, b, da, db, rows, cols, accA, accB) => void w.rowDotBackward(ptr(g), ptr(a), ptr(b), ptr(da), ptr(db), rows, cols, accA ? 1 : 0, accB ? 1 : 0),
    gelu: (x, y, n) => void w.gelu(ptr(x), ptr(y), n),
    geluWithSlope: (x, y, slope, n) => void w.geluWithSlope(ptr(x), ptr(y), ptr(slope), n),
    mulInto: (dy, scale, dx, n, accumulate) => void w.mulInto(ptr(dy), ptr(scale), ptr(dx), n, accumulate ? 1 : 0),
    relu: (x, y, n) => void w.relu(ptr(x), ptr(y), n),
    reluBackward: (x, dy, dx, n, accumulate) => void w.reluBackward(ptr(x), ptr(dy), ptr(dx), n, accumulate ? 1 : 0),
    layerNorm: (x, g, b, y, mean, rstd, rows, cols, eps) => void w.layerNorm(ptr(x), ptr(g), ptr(b), ptr(y), ptr(mean), ptr(rstd), rows, cols, eps),
    layerNormBackward: (x, g, mean, rstd, dy, dx, dg, db, rows, cols, accumulate) =>
      void w.layerNormBackward(ptr(x), ptr(g), ptr(mean), ptr(rstd), ptr(dy), ptr(dx), ptr(dg), ptr(db), rows, cols, accumulate ? 1 : 0),
    residualNorm: (x, res, mask, sum, gamma, beta, y, mean, rstd, rows, cols, eps, p, key, base) =>
      void w.residualNorm(ptr(x), ptr(res), ptr(mask), ptr(sum), ptr(gamma), ptr(beta), ptr(y), ptr(mean), ptr(rstd), rows, cols, eps,
        p > 0 ? dropoutThreshold(p) : 0, p > 0 ? 1 / (1 - p) : 1, key, base),
    residualNormBackward: (dy, sum, gamma, mean, rstd, mask, dx, dRes, dGamma, dBeta, rows, cols, accX, accRes, scratch) =>
      void w.residualNormBackward(ptr(dy), ptr(sum), ptr(gamma), ptr(mean), ptr(rstd), ptr(mask), ptr(dx), ptr(dRes), ptr(dGamma), ptr(dBeta),
        rows, cols, accX ? 1 : 0, accRes ? 1 : 0, ptr(scratch)),
    softmax: (x, y, rows, cols) => void w.softmax(ptr(x), ptr(y), rows, cols),
    softmaxBackward: (y, dy, dx, rows, cols, accumulate) => void w.softmaxBackward(ptr(y), ptr(dy), ptr(dx), rows, cols, accumulate ? 1 : 0),
    softmaxCrossEntropy: (logits, targets, probs, rows, cols) => w.softmaxCrossEntropy(ptr(logits), ptr(targets), ptr(probs), rows, cols),
    softmaxCrossEntropyBackward: (probs, targets, d, rows, cols, s) => void w.softmaxCrossEntropyBackward(ptr(probs), ptr(targets), ptr(d), rows, cols, s),
    dropout: (x, y, mask, n, p, key, base) => void w.dropout(ptr(x), ptr(y), ptr(mask), n, dropoutThreshold(p), 1 / (1 - p), key, base),
    gather: (table, ids, out, n, cols) => void w.gather(ptr(table), ptr(ids), ptr(out), n, cols),
    scatterAdd: (dOut, ids, dTable, n, cols, marks) => void w.scatterAdd(ptr(dOut), ptr(ids), ptr(dTable), n, cols, ptr(marks)),
    clearRows: (grad, cols, marks, start, end) => void w.clearRows(ptr(grad), cols, ptr(marks), start, end),
    accumulateRows: (src, dst, cols, srcMarks, dstMarks, start, end) => void w.accumulateRows(ptr(src), ptr(dst), cols, ptr(srcMarks), ptr(dstMarks), start, end),
    bpr: (pos, neg, targets, n) => w.bpr(ptr(pos), ptr(neg), ptr(targets), n),
    bprBackward: (pos, neg, targets, n, s, dPos, dNeg) => void w.bprBackward(ptr(pos), ptr(neg), ptr(targets), n, s, ptr(dPos), ptr(dNeg)),
    adam: (p, g, m, v, n, s) => void w.adam(ptr(p), ptr(g), ptr(m), ptr(v), n, s.beta1, s.beta2, s.stepSize, s.invBc2Sqrt, s.eps),
    adamRows: (p, g, m, v, cols, marks, start, end, s) =>
      void w.adamRows(ptr(p), ptr(g), ptr(m), ptr(v), cols, ptr(marks), start, end, s.beta1, s.beta2, s.stepSize, s.invBc2Sqrt, s.eps),
    sgd: (p, g, n, lr) => void w.sgd(ptr(p), ptr(g), n, lr),
    sgdRows: (p, g, cols, marks, start, end, lr) => void w.sgdRows(ptr(p), ptr(g), cols, ptr(marks), start, end, lr),
    attentionForward: (qkv, ids, out, probs, mask, B, T, H, dh, s, p, key, base, scratch) =>
      void w.attentionForward(ptr(qkv), ptr(ids), ptr(out), ptr(probs), ptr(mask), B, T, H, dh, s, p > 0 ? dropoutThreshold(p) : 0, p > 0 ? 1 / (1 - p) : 1, key, base, ptr(scratch)),
    attentionBackward: (qkv, probs, mask, dOut, dqkv, B, T, H, dh, s, drop, scratch, accumulate) =>
      void w.attentionBackward(ptr(qkv), ptr(probs), ptr(mask), ptr(dOut), ptr(dqkv), B, T, H, dh, s, drop ? 1 : 0, ptr(scratch), accumulate ? 1 : 0),
  };
}
