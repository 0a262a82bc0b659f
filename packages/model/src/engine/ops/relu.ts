import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** max(x, 0); the gradient at exactly 0 is taken as 0. */
export function relu(g: Graph, x: Tensor): Tensor {
  const out = g.output(x.shape, x);
  g.kernels.relu(x.offset, out.offset, x.size);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dx = g.gradSink(x);
    g.kernels.reluBackward(x.offset, out.grad.offset, dx.offset, x.size, dx.accumulate);
  });
  return out;
}
