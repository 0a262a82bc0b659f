import { Graph } from '../graph.ts';
import { Tensor, product } from '../tensor.ts';

/**
 * The same elements under another shape, with the gradient passed through (Tensor.view has no gradient link).
 * The output aliases x's memory: nothing may write it in place.
 */
export function reshape(g: Graph, x: Tensor, shape: readonly number[]): Tensor {
  if (product(shape) !== x.size) throw new Error(`reshape: cannot view [${x.shape}] as [${shape}]`);
  const out = new Tensor(x.heap, shape, x.offset);
  out.requiresGrad = g.needsGrad(x);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (out.grad) g.passGradient(out.grad.view(x.shape), x);
  });
  return out;
}
