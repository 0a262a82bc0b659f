import { Graph } from '../graph.ts';
import type { IntTensor, Tensor } from '../tensor.ts';
import { checkIds } from './check-ids.ts';

/**
 * Row lookup: table [V, D] at ids [...] → [..., D]. The gradient is row-sparse: only the looked-up rows are
 * touched, and a parameter with a row tracker records which (lazy Adam reads that list). Also serves to pick
 * rows of an activation, e.g. the hidden state at each sequence's last position.
 */
export function embedding(g: Graph, table: Tensor, ids: IntTensor): Tensor {
  const D = table.shape[table.shape.length - 1]!;
  const n = ids.size;
  checkIds('row lookup', ids, table.size / D);
  const out = g.output([...ids.shape, D], table); // [..., D]
  g.kernels.gather(table.offset, ids.offset, out.offset, n, D);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    g.kernels.scatterAdd(out.grad.offset, ids.offset, g.grad(table, true).offset, n, D, table.rowTracker?.marks ?? -1);
  });
  return out;
}
