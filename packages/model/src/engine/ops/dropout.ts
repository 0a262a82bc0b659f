import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/**
 * Inverted dropout with drop probability p, active only while training. x's first axis is the batch: the mask
 * counter starts at graph.batchOffset rows in, so a shard of a batch draws the same mask as the whole batch.
 */
export function dropout(g: Graph, x: Tensor, p: number): Tensor {
  if (!g.training || p <= 0) return x;
  if (p >= 1) throw new Error(`dropout probability must be below 1, got ${p}`);
  const out = g.output(x.shape, x);
  const mask = g.tensor(x.shape);
  const perRow = x.size / (x.shape[0] ?? 1);
  g.kernels.dropout(x.offset, out.offset, mask.offset, x.size, p, g.nextDropoutKey(), (g.batchOffset * perRow) >>> 0);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dx = g.gradSink(x);
    g.kernels.mulInto(out.grad.offset, mask.offset, dx.offset, x.size, dx.accumulate);
  });
  return out;
}
