import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** Exact GELU, x·Φ(x) (PyTorch's default and RecBole's 'gelu'). When training, the slope is kept from the forward pass. */
export function gelu(g: Graph, x: Tensor): Tensor {
  const out = g.output(x.shape, x);
  if (!out.requiresGrad) {
    g.kernels.gelu(x.offset, out.offset, x.size);
    return out;
  }
  const slope = g.tensor(x.shape);
  g.kernels.geluWithSlope(x.offset, out.offset, slope.offset, x.size);
  g.onBackward(() => {
    if (!out.grad) return;
    const dx = g.gradSink(x);
    g.kernels.mulInto(out.grad.offset, slope.offset, dx.offset, x.size, dx.accumulate);
  });
  return out;
}
