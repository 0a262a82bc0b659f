import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

export interface ResidualNormOptions {
  /** Dropout on x before the sum (training only). */
  dropout: number;
  eps: number;
}

/**
 * LayerNorm(dropout(x) + residual) over the last axis, as one op (post-LN Transformer sub-layer output); with no
 * residual, LayerNorm(dropout(x)). x's first axis is the batch, for dropout masks as in ops.dropout.
 */
export function residualNorm(g: Graph, x: Tensor, residual: Tensor | undefined, gamma: Tensor, beta: Tensor, { dropout, eps }: ResidualNormOptions): Tensor {
  const { rows, cols } = matrixShape(x);
  if (residual && residual.size !== x.size) throw new Error(`residualNorm: residual [${residual.shape}] does not match [${x.shape}]`);
  const p = g.training ? dropout : 0;
  const out = g.output(x.shape, x, residual, gamma, beta);
  const sum = g.tensor(x.shape);
  const mask = p > 0 ? g.tensor(x.shape) : undefined;
  const mean = g.tensor([rows]);
  const rstd = g.tensor([rows]);
  const key = p > 0 ? g.nextDropoutKey() : 0;
  const counterBase = (g.batchOffset * (x.size / (x.shape[0] ?? 1))) >>> 0;
  g.kernels.residualNorm(x.offset, residual?.offset ?? -1, mask?.offset ?? -1, sum.offset, gamma.offset, beta.offset, out.offset, mean.offset, rstd.offset,
    rows, cols, eps, p, key, counterBase);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const none = { offset: -1, accumulate: true };
    const dx = x.requiresGrad ? g.gradSink(x) : none;
    const dResidual = residual?.requiresGrad ? g.gradSink(residual) : none;
    const dGamma = gamma.requiresGrad ? g.grad(gamma).offset : -1;
    const dBeta = beta.requiresGrad ? g.grad(beta).offset : -1;
    g.kernels.residualNormBackward(out.grad.offset, sum.offset, gamma.offset, mean.offset, rstd.offset, mask?.offset ?? -1,
      dx.offset, dResidual.offset, dGamma, dBeta, rows, cols, dx.accumulate, dResidual.accumulate, g.scratch());
  });
  return out;
}
