import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/**
 * A copy of table [V, D] whose rows `ids` are replaced by replacement [U, D] (ids distinct). The gradient of a
 * replaced row goes to its replacement only. Lets the item embedding generator stand in for some ID embeddings
 * during training (mml-method.md, stage 2: random substitution).
 */
export function substituteRows(g: Graph, table: Tensor, replacement: Tensor, ids: Int32Array): Tensor {
  const [V, D] = table.shape as [number, number];
  if (replacement.shape[0] !== ids.length || replacement.shape[1] !== D) {
    throw new Error(`substituteRows: ${ids.length} ids for replacement [${replacement.shape}] into [${table.shape}]`);
  }
  const out = g.output(table.shape, table, replacement); // [V, D]
  const f = g.engine.heap.f();
  f.copyWithin(out.offset, table.offset, table.offset + V * D);
  ids.forEach((id, u) => {
    if (id < 0 || id >= V) throw new Error(`substituteRows: row ${id} outside [0, ${V})`);
    f.copyWithin(out.offset + id * D, replacement.offset + u * D, replacement.offset + (u + 1) * D);
  });
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dy = out.grad.offset;
    if (replacement.requiresGrad) {
      const sink = g.gradSink(replacement);
      const h = g.engine.heap.f();
      ids.forEach((id, u) => {
        for (let j = 0; j < D; j++) {
          const at = sink.offset + u * D + j;
          h[at] = (sink.accumulate ? h[at]! : 0) + h[dy + id * D + j]!;
        }
      });
    }
    if (table.requiresGrad) {
      // Replaced rows contribute nothing to the table: zero them in the incoming gradient, then pass it on whole.
      const h = g.engine.heap.f();
      const masked = g.tensor(table.shape);
      h.copyWithin(masked.offset, dy, dy + V * D);
      for (const id of ids) h.fill(0, masked.offset + id * D, masked.offset + (id + 1) * D);
      const sink = g.gradSink(table);
      if (sink.accumulate) g.kernels.axpy(sink.offset, masked.offset, 1, V * D);
      else g.kernels.copy(masked.offset, sink.offset, V * D);
    }
  });
  return out;
}
