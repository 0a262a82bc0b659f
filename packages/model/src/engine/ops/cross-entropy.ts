import { Graph, matrixShape } from '../graph.ts';
import type { IntTensor, Tensor } from '../tensor.ts';
import { checkIds } from './check-ids.ts';

/** Softmax cross-entropy: Σ −log softmax(logits[r])[targets[r]] / normalizer over rows whose target is ≥ 0. */
export function crossEntropy(g: Graph, logits: Tensor, targets: IntTensor, normalizer: number): Tensor {
  const { rows, cols } = matrixShape(logits);
  if (targets.size !== rows) throw new Error(`crossEntropy: ${targets.size} targets for ${rows} rows`);
  checkIds('crossEntropy', targets, cols, { negativeSkips: true });
  const out = g.output([1], logits); // [1]
  const probs = g.tensor(logits.shape); // [rows, C]
  const sum = g.kernels.softmaxCrossEntropy(logits.offset, targets.offset, probs.offset, rows, cols);
  g.engine.heap.f()[out.offset] = normalizer > 0 ? sum / normalizer : 0;
  if (!out.requiresGrad || normalizer <= 0) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const scale = g.engine.heap.f()[out.grad.offset]! / normalizer;
    g.kernels.softmaxCrossEntropyBackward(probs.offset, targets.offset, g.grad(logits).offset, rows, cols, scale);
  });
  return out;
}
