import { Graph } from '../graph.ts';
import type { IntTensor, Tensor } from '../tensor.ts';

export interface AttentionOptions {
  heads: number;
  /** Dropout on the attention probabilities (training only). */
  dropout: number;
}

/**
 * Causal multi-head self-attention with a padding mask: qkv [B, T, 3D] holds queries | keys | values, ids [B, T]
 * the item ids (0 = padding key, never attended). Returns the heads' outputs side by side, [B, T, D].
 * Scores are scaled by 1/√(D/heads). A query with no visible key (an all-padding prefix) outputs zeros.
 */
export function causalSelfAttention(g: Graph, qkv: Tensor, ids: IntTensor, { heads, dropout }: AttentionOptions): Tensor {
  const [B, T, threeD] = qkv.shape as [number, number, number];
  const D = threeD / 3;
  const dh = D / heads;
  if (!Number.isInteger(dh)) throw new Error(`attention: ${D} features do not split into ${heads} heads`);
  if (ids.size !== B * T) throw new Error(`attention: ids [${ids.shape}] do not match qkv [${qkv.shape}]`);
  const scale = 1 / Math.sqrt(dh);
  const p = g.training ? dropout : 0;
  const out = g.output([B, T, D], qkv); // [B, T, D]
  const probs = g.tensor([B, heads, T, T]); // [B, H, T, T]
  const mask = p > 0 ? g.tensor([B, heads, T, T]) : probs; // [B, H, T, T]
  const key = p > 0 ? g.nextDropoutKey() : 0;
  const counterBase = (g.batchOffset * heads * T * T) >>> 0;
  g.kernels.attentionForward(qkv.offset, ids.offset, out.offset, probs.offset, mask.offset, B, T, heads, dh, scale, p, key, counterBase, g.scratch(T));
  if (!out.requiresGrad) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const dqkv = g.gradSink(qkv);
    g.kernels.attentionBackward(qkv.offset, probs.offset, mask.offset, out.grad.offset, dqkv.offset, B, T, heads, dh, scale, p > 0, g.scratch(T), dqkv.accumulate);
  });
  return out;
}
