import type { Heap } from '../heap.ts';
import type { Kernels } from '../kernels.ts';
import * as activation from './activation.ts';
import * as attention from './attention.ts';
import * as dropout from './dropout.ts';
import * as loss from './loss.ts';
import * as matrix from './matrix.ts';
import * as normalization from './normalization.ts';
import * as optim from './optim.ts';
import * as residual from './residual-norm.ts';
import * as sparse from './sparse.ts';

/** The plain TypeScript reference path: obviously-correct loops, float32 or float64 depending on the heap. */
export function createTsKernels(heap: Heap): Kernels {
  return {
    path: 'typescript',
    scratchElements: () => 0,
    gemm: (M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate, bias, _scratch, colSums) =>
      matrix.gemm(heap, M, N, K, a, rsA, csA, b, rsB, csB, c, ldc, accumulate, bias, colSums),
    zero: (x, n) => void heap.f().fill(0, x, x + n),
    copy: (src, dst, n) => void heap.f().copyWithin(dst, src, src + n),
    add: (a, b, out, n) => matrix.add(heap, a, b, out, n),
    axpy: (dst, src, alpha, n) => matrix.axpy(heap, dst, src, alpha, n),
    scale: (x, alpha, n) => matrix.scale(heap, x, alpha, n),
    addBias: (y, bias, rows, cols) => matrix.addBias(heap, y, bias, rows, cols),
    biasGrad: (dy, db, rows, cols) => matrix.biasGrad(heap, dy, db, rows, cols),
    rowDot: (a, b, out, rows, cols) => matrix.rowDot(heap, a, b, out, rows, cols),
    rowDotBackward: (g, a, b, da, db, rows, cols, accA, accB) => matrix.rowDotBackward(heap, g, a, b, da, db, rows, cols, accA, accB),
    gelu: (x, y, n) => activation.gelu(heap, x, y, n),
    geluWithSlope: (x, y, slope, n) => activation.geluWithSlope(heap, x, y, slope, n),
    mulInto: (dy, scale, dx, n, accumulate) => matrix.mulInto(heap, dy, scale, dx, n, accumulate),
    relu: (x, y, n) => activation.relu(heap, x, y, n),
    reluBackward: (x, dy, dx, n, accumulate) => activation.reluBackward(heap, x, dy, dx, n, accumulate),
    layerNorm: (x, g, b, y, mean, rstd, rows, cols, eps) => normalization.layerNorm(heap, x, g, b, y, mean, rstd, rows, cols, eps),
    layerNormBackward: (x, g, mean, rstd, dy, dx, dg, db, rows, cols, accumulate) =>
      normalization.layerNormBackward(heap, x, g, mean, rstd, dy, dx, dg, db, rows, cols, accumulate),
    residualNorm: (x, res, mask, sum, gamma, beta, y, mean, rstd, rows, cols, eps, p, key, base) =>
      residual.residualNorm(heap, x, res, mask, sum, gamma, beta, y, mean, rstd, rows, cols, eps, p, key, base),
    residualNormBackward: (dy, sum, gamma, mean, rstd, mask, dx, dRes, dGamma, dBeta, rows, cols, accX, accRes) =>
      residual.residualNormBackward(heap, dy, sum, gamma, mean, rstd, mask, dx, dRes, dGamma, dBeta, rows, cols, accX, accRes),
    softmax: (x, y, rows, cols) => normalization.softmax(heap, x, y, rows, cols),
    softmaxBackward: (y, dy, dx, rows, cols, accumulate) => normalization.softmaxBackward(heap, y, dy, dx, rows, cols, accumulate),
    softmaxCrossEntropy: (logits, targets, probs, rows, cols) => normalization.softmaxCrossEntropy(heap, logits, targets, probs, rows, cols),
    softmaxCrossEntropyBackward: (probs, targets, d, rows, cols, scale) => normalization.softmaxCrossEntropyBackward(heap, probs, targets, d, rows, cols, scale),
    dropout: (x, y, mask, n, p, key, base) => dropout.dropout(heap, x, y, mask, n, p, key, base),
    gather: (table, ids, out, n, cols) => sparse.gather(heap, table, ids, out, n, cols),
    scatterAdd: (dOut, ids, dTable, n, cols, marks) => sparse.scatterAdd(heap, dOut, ids, dTable, n, cols, marks),
    clearRows: (grad, cols, marks, start, end) => sparse.clearRows(heap, grad, cols, marks, start, end),
    accumulateRows: (src, dst, cols, srcMarks, dstMarks, start, end) => sparse.accumulateRows(heap, src, dst, cols, srcMarks, dstMarks, start, end),
    bpr: (pos, neg, targets, n) => loss.bpr(heap, pos, neg, targets, n),
    bprBackward: (pos, neg, targets, n, scale, dPos, dNeg) => loss.bprBackward(heap, pos, neg, targets, n, scale, dPos, dNeg),
    adam: (p, g, m, v, n, step) => optim.adam(heap, p, g, m, v, n, step),
    adamRows: (p, g, m, v, cols, marks, start, end, step) => optim.adamRows(heap, p, g, m, v, cols, marks, start, end, step),
    sgd: (p, g, n, lr) => optim.sgd(heap, p, g, n, lr),
    sgdRows: (p, g, cols, marks, start, end, lr) => optim.sgdRows(heap, p, g, cols, marks, start, end, lr),
    attentionForward: (qkv, ids, out, probs, mask, B, T, H, dh, scale, p, key, base) => attention.attentionForward(heap, qkv, ids, out, probs, mask, B, T, H, dh, scale, p, key, base),
    attentionBackward: (qkv, probs, mask, dOut, dqkv, B, T, H, dh, scale, dropout, _scratch, accumulate) =>
      attention.attentionBackward(heap, qkv, probs, mask, dOut, dqkv, B, T, H, dh, scale, dropout, accumulate),
  };
}
