import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** y = x·W + b over the last axis: x [..., in], weight [in, out], bias [out] → [..., out]. Bias is fused into gemm. */
export function linear(g: Graph, x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const { rows, cols: inDim } = matrixShape(x);
  const [wIn, outDim] = [weight.shape[0]!, weight.shape[1]!];
  if (wIn !== inDim) throw new Error(`linear: input has ${inDim} features, weight expects ${wIn}`);
  const out = g.output([...x.shape.slice(0, -1), outDim], x, weight, bias); // [..., out]
  g.kernels.gemm(rows, outDim, inDim, x.offset, inDim, 1, weight.offset, outDim, 1, out.offset, outDim, false, bias ? bias.offset : -1, g.scratch());
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dy = out.grad.offset;
    if (x.requiresGrad) {
      // dx [rows, in] (+)= dy [rows, out] · Wᵀ [out, in]
      const dx = g.gradSink(x);
      g.kernels.gemm(rows, inDim, outDim, dy, outDim, 1, weight.offset, 1, outDim, dx.offset, inDim, dx.accumulate, -1, g.scratch());
    }
    const dBias = bias?.requiresGrad ? g.grad(bias).offset : -1;
    if (weight.requiresGrad) {
      // dW [in, out] += xᵀ [in, rows] · dy [rows, out]; db [out] += Σ_rows dy, summed while gemm packs dy.
      g.kernels.gemm(inDim, outDim, rows, x.offset, 1, inDim, dy, outDim, 1, g.grad(weight).offset, outDim, true, -1, g.scratch(), dBias);
    } else if (dBias >= 0) {
      g.kernels.biasGrad(dy, dBias, rows, outDim);
    }
  });
  return out;
}
