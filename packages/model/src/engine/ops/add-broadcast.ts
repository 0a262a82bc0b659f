import { Graph } from '../graph.ts';
import type { Tensor } from '../tensor.ts';

/**
 * x [B, T, D] + table[0..T) broadcast over the batch (learned position embeddings): one add per sequence
 * forward, and the table's gradient is Σ_b dy[b] — no gather or scatter of B·T rows.
 */
export function addBroadcast(g: Graph, x: Tensor, table: Tensor): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  if (table.shape[1] !== D || table.shape[0]! < T) throw new Error(`addBroadcast: table [${table.shape}] cannot cover [${x.shape}]`);
  const out = g.output(x.shape, x, table); // [B, T, D]
  const block = T * D;
  for (let b = 0; b < B; b++) g.kernels.add(x.offset + b * block, table.offset, out.offset + b * block, block);
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dy = out.grad;
    if (table.requiresGrad) {
      const dTable = g.grad(table).offset;
      for (let b = 0; b < B; b++) g.kernels.axpy(dTable, dy.offset + b * block, 1, block);
    }
    if (x.requiresGrad) g.passGradient(dy, x);
  });
  return out;
}
