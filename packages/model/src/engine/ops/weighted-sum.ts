import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/**
 * out[b] = Σ_k weights[b, k] · values[b, k]: weights [B, K], values [B, K, D] → [B, D]. Mixes neighbours by their
 * attention weights (item embedding generator) and modalities by their fusion weights.
 */
export function weightedSum(g: Graph, weights: Tensor, values: Tensor): Tensor {
  const [B, K] = weights.shape as [number, number];
  const D = values.shape[2]!;
  if (weights.shape.length !== 2 || values.shape.length !== 3 || values.shape[0] !== B || values.shape[1] !== K) {
    throw new Error(`weightedSum: weights [${weights.shape}] and values [${values.shape}] do not match ([B, K] and [B, K, D])`);
  }
  const out = g.output([B, D], weights, values); // [B, D]
  const f = g.engine.heap.f();
  for (let b = 0; b < B; b++) {
    const o = out.offset + b * D;
    f.fill(0, o, o + D);
    for (let k = 0; k < K; k++) {
      const w = f[weights.offset + b * K + k]!;
      const v = values.offset + (b * K + k) * D;
      for (let j = 0; j < D; j++) f[o + j] = f[o + j]! + w * f[v + j]!;
    }
  }
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dy = out.grad.offset;
    const dw = weights.requiresGrad ? g.gradSink(weights) : undefined;
    const dv = values.requiresGrad ? g.gradSink(values) : undefined;
    const h = g.engine.heap.f();
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < K; k++) {
        const v = values.offset + (b * K + k) * D;
        if (dw) {
          let sum = 0;
          for (let j = 0; j < D; j++) sum += h[dy + b * D + j]! * h[v + j]!;
          const at = dw.offset + b * K + k;
          h[at] = dw.accumulate ? h[at]! + sum : sum;
        }
        if (dv) {
          const w = h[weights.offset + b * K + k]!;
          const at = dv.offset + (b * K + k) * D;
          for (let j = 0; j < D; j++) h[at + j] = (dv.accumulate ? h[at + j]! : 0) + w * h[dy + b * D + j]!;
        }
      }
    }
  });
  return out;
}
