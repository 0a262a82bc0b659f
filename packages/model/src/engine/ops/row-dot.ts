import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** Dot product of matching rows: a, b [..., D] → [...] (the score of each position's own target item). */
export function rowDot(g: Graph, a: Tensor, b: Tensor): Tensor {
  if (a.size !== b.size) throw new Error(`rowDot: shapes [${a.shape}] and [${b.shape}] differ`);
  const { rows, cols } = matrixShape(a);
  const out = g.output(a.shape.slice(0, -1), a, b); // [...]
  g.kernels.rowDot(a.offset, b.offset, out.offset, rows, cols);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const none = { offset: -1, accumulate: true };
    const da = a.requiresGrad ? g.gradSink(a) : none;
    const db = b.requiresGrad ? g.gradSink(b) : none;
    g.kernels.rowDotBackward(out.grad.offset, a.offset, b.offset, da.offset, db.offset, rows, cols, da.accumulate, db.accumulate);
  });
  return out;
}
