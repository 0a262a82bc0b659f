import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** Softmax over the last axis. */
export function softmax(g: Graph, x: Tensor): Tensor {
  const { rows, cols } = matrixShape(x);
  const out = g.output(x.shape, x);
  g.kernels.softmax(x.offset, out.offset, rows, cols);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dx = g.gradSink(x);
    g.kernels.softmaxBackward(out.offset, out.grad.offset, dx.offset, rows, cols, dx.accumulate);
  });
  return out;
}
