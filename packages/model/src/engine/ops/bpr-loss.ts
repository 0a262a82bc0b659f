import { Graph } from '../graph.ts';
import type { IntTensor, Tensor } from '../tensor.ts';

/**
 * BPR: Σ −log(σ(pos − neg) + 1e−10) / normalizer over positions whose target id is not 0 (padding).
 * normalizer is the number of real targets in the *whole* batch, so shards of a batch sum to the batch loss.
 */
export function bprLoss(g: Graph, pos: Tensor, neg: Tensor, targets: IntTensor, normalizer: number): Tensor {
  if (pos.size !== neg.size || pos.size !== targets.size) throw new Error('bprLoss: pos, neg and targets must have the same size');
  const out = g.output([1], pos, neg); // [1]
  const n = pos.size;
  const sum = g.kernels.bpr(pos.offset, neg.offset, targets.offset, n);
  g.engine.heap.f()[out.offset] = normalizer > 0 ? sum / normalizer : 0;
  if (!out.requiresGrad || normalizer <= 0) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const scale = g.engine.heap.f()[out.grad.offset]! / normalizer;
    const dPos = pos.requiresGrad ? g.grad(pos).offset : -1;
    const dNeg = neg.requiresGrad ? g.grad(neg).offset : -1;
    g.kernels.bprBackward(pos.offset, neg.offset, targets.offset, n, scale, dPos, dNeg);
  });
  return out;
}
