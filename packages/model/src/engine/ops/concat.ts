import { Graph, matrixShape } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/** Joins tensors along the last axis: xs[i] [..., d_i] (same leading shape) → [..., Σ d_i]. */
export function concat(g: Graph, xs: readonly Tensor[]): Tensor {
  if (xs.length === 0) throw new Error('concat of no tensors');
  const rows = matrixShape(xs[0]!).rows;
  const widths = xs.map((x) => {
    const shape = matrixShape(x);
    if (shape.rows !== rows) throw new Error(`concat: [${x.shape}] does not match [${xs[0]!.shape}] before the last axis`);
    return shape.cols;
  });
  const total = widths.reduce((a, b) => a + b, 0);
  const out = g.output([...xs[0]!.shape.slice(0, -1), total], ...xs); // [..., Σ d_i]
  const f = g.engine.heap.f();
  let column = 0;
  xs.forEach((x, i) => {
    const d = widths[i]!;
    for (let r = 0; r < rows; r++) f.copyWithin(out.offset + r * total + column, x.offset + r * d, x.offset + (r + 1) * d);
    column += d;
  });
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dy = out.grad.offset;
    let at = 0;
    xs.forEach((x, i) => {
      const d = widths[i]!;
      if (x.requiresGrad) {
        const sink = g.gradSink(x);
        const h = g.engine.heap.f();
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < d; j++) {
            const v = h[dy + r * total + at + j]!;
            h[sink.offset + r * d + j] = sink.accumulate ? h[sink.offset + r * d + j]! + v : v;
          }
        }
      }
      at += d;
    });
  });
  return out;
}
