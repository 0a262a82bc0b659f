import { Graph, IntTensor, ops, type Param, type ParamStore, type Tensor } from '../engine/index.ts';
import type { SasRecConfig } from './config.ts';

/** One post-LN Transformer block as in RecBole's TransformerLayer (attention, then a GELU feed-forward). */
export class TransformerBlock {
  readonly qkvWeight: Param;
  readonly qkvBias: Param;
  readonly outWeight: Param;
  readonly outBias: Param;
  readonly norm1: { gamma: Param; beta: Param };
  readonly ffnIn: { weight: Param; bias: Param };
  readonly ffnOut: { weight: Param; bias: Param };
  readonly norm2: { gamma: Param; beta: Param };

  constructor(store: ParamStore, private readonly config: SasRecConfig, index: number) {
    const { hiddenSize: D, innerSize: F, initStd: std } = config;
    const name = (part: string) => `blocks.${index}.${part}`;
    const weight = (part: string, shape: number[]) => store.declare({ name: name(part), shape, init: { kind: 'normal', std } });
    const constant = (part: string, size: number, value: number) => store.declare({ name: name(part), shape: [size], init: { kind: 'constant', value } });
    // Query, key and value projections fused into one [D, 3D] matrix: one gemm instead of three.
    this.qkvWeight = weight('attention.qkv.weight', [D, 3 * D]);
    this.qkvBias = constant('attention.qkv.bias', 3 * D, 0);
    this.outWeight = weight('attention.out.weight', [D, D]);
    this.outBias = constant('attention.out.bias', D, 0);
    this.norm1 = { gamma: constant('attention.norm.weight', D, 1), beta: constant('attention.norm.bias', D, 0) };
    this.ffnIn = { weight: weight('ffn.in.weight', [D, F]), bias: constant('ffn.in.bias', F, 0) };
    this.ffnOut = { weight: weight('ffn.out.weight', [F, D]), bias: constant('ffn.out.bias', D, 0) };
    this.norm2 = { gamma: constant('ffn.norm.weight', D, 1), beta: constant('ffn.norm.bias', D, 0) };
  }

  get params(): Param[] {
    return [this.qkvWeight, this.qkvBias, this.outWeight, this.outBias, this.norm1.gamma, this.norm1.beta,
      this.ffnIn.weight, this.ffnIn.bias, this.ffnOut.weight, this.ffnOut.bias, this.norm2.gamma, this.norm2.beta];
  }

  /** h [B, T, D] → [B, T, D]; ids [B, T] supply the padding mask. */
  forward(g: Graph, h: Tensor, ids: IntTensor): Tensor {
    const { hiddenDropout, attentionDropout, numHeads, layerNormEps: eps } = this.config;
    const qkv = ops.linear(g, h, this.qkvWeight.value, this.qkvBias.value); // [B, T, 3D]
    const context = ops.causalSelfAttention(g, qkv, ids, { heads: numHeads, dropout: attentionDropout }); // [B, T, D]
    const attended = ops.linear(g, context, this.outWeight.value, this.outBias.value); // [B, T, D]
    // LayerNorm(dropout(sub-layer output) + input), fused into one op.
    const h1 = ops.residualNorm(g, attended, h, this.norm1.gamma.value, this.norm1.beta.value, { dropout: hiddenDropout, eps }); // [B, T, D]
    const inner = ops.gelu(g, ops.linear(g, h1, this.ffnIn.weight.value, this.ffnIn.bias.value)); // [B, T, F]
    const projected = ops.linear(g, inner, this.ffnOut.weight.value, this.ffnOut.bias.value); // [B, T, D]
    return ops.residualNorm(g, projected, h1, this.norm2.gamma.value, this.norm2.beta.value, { dropout: hiddenDropout, eps }); // [B, T, D]
  }
}
