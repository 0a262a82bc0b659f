import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** LayerNorm over the last axis: x [..., D], gamma [D], beta [D]. */
export function layerNorm(g: Graph, x: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  const { rows, cols } = matrixShape(x);
  const out = g.output(x.shape, x, gamma, beta);
  const mean = g.tensor([rows]);
  const rstd = g.tensor([rows]);
  g.kernels.layerNorm(x.offset, gamma.offset, beta.offset, out.offset, mean.offset, rstd.offset, rows, cols, eps);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dx = x.requiresGrad ? g.gradSink(x) : { offset: -1, accumulate: true };
    const dGamma = gamma.requiresGrad ? g.grad(gamma).offset : -1;
    const dBeta = beta.requiresGrad ? g.grad(beta).offset : -1;
    g.kernels.layerNormBackward(x.offset, gamma.offset, mean.offset, rstd.offset, out.grad.offset, dx.offset, dGamma, dBeta, rows, cols, dx.accumulate);
  });
  return out;
}
