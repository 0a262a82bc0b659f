import { Graph, ops, ParamStore, type Engine, type Param, type Tensor } from '../engine/index.ts';

export interface FusionConfig {
  /** Learner names in input order, e.g. ['id', 'text', 'image']. */
  modalities: string[];
  /** Width of one learner's flattened last-layer hidden states (maxLength · hiddenSize = 3200). */
  hiddenWidth: number;
  /** Hidden units of each modality's weight MLP (mml-method.md: 3200 → 128 → 1). */
  mlpSize: number;
  numItems: number;
  layerNormEps: number; // 1e-5: the item axis is wide, scores are O(1)
  initStd: number; // 0.02, as every other weight
  /**
   * Whether the item-axis LayerNorm's per-item gain and bias train (the method) or stay at 1 and 0 (scores only
   * standardised). Off by default: see MmlConfig.fusion.learnItemAffine.
   */
  learnItemAffine: boolean;
}

interface ModalityParams {
  hiddenNorm: { gamma: Param; beta: Param };
  mlpIn: { weight: Param; bias: Param };
  mlpOut: { weight: Param; bias: Param };
  scoreNorm: { gamma: Param; beta: Param };
}

export interface FusionOutput {
  /** Fused scores of items 1..numItems: [B, numItems]. */
  logits: Tensor;
  /** Per-user modality weights [B, M] (rows sum to 1): which learner drove the list. */
  weights: Tensor;
}

/**
 * MML's adaptive fusion (stage 3): w = softmax_m(MLP_m(LayerNorm(h_m))) per user, and
 * fused = Σ_m w_m · LayerNorm_items(s_m), the LayerNorm taken across the item axis with a learnable gain and bias
 * per item, so each learner's scores are put on one scale before they are mixed.
 */
export class FusionLayer {
  readonly store = new ParamStore();
  readonly modalities: ModalityParams[];

  constructor(readonly config: FusionConfig) {
    const { hiddenWidth: H, mlpSize: Z, numItems: V, initStd: std } = config;
    this.modalities = config.modalities.map((name) => {
      const declare = (part: string, shape: number[], init: { kind: 'normal'; std: number } | { kind: 'constant'; value: number }) =>
        this.store.declare({ name: `fusion.${name}.${part}`, shape, init });
      return {
        hiddenNorm: { gamma: declare('hidden_norm.weight', [H], { kind: 'constant', value: 1 }), beta: declare('hidden_norm.bias', [H], { kind: 'constant', value: 0 }) },
        mlpIn: { weight: declare('mlp.in.weight', [H, Z], { kind: 'normal', std }), bias: declare('mlp.in.bias', [Z], { kind: 'constant', value: 0 }) },
        mlpOut: { weight: declare('mlp.out.weight', [Z, 1], { kind: 'normal', std }), bias: declare('mlp.out.bias', [1], { kind: 'constant', value: 0 }) },
        scoreNorm: { gamma: declare('score_norm.weight', [V], { kind: 'constant', value: 1 }), beta: declare('score_norm.bias', [V], { kind: 'constant', value: 0 }) },
      };
    });
  }

  static create(engine: Engine, config: FusionConfig, seed: number): FusionLayer {
    const layer = new FusionLayer(config);
    layer.store.materialize(engine, { seed });
    if (!config.learnItemAffine) for (const m of layer.modalities) m.scoreNorm.gamma.frozen = m.scoreNorm.beta.frozen = true;
    return layer;
  }

  get params(): Param[] {
    return this.store.params;
  }

  /**
   * Makes one modality's standardised score stand in for every modality's on the given items (1..numItems): its
   * item-axis gain becomes M and every other modality's 0, biases 0. With equal weights an item's fused score is
   * then exactly that modality's standardised score, as if the others had scored it the same; with trained gates,
   * that score times M·w. For items whose other learners hold no trained evidence (MmlConfig.fusion.coldItems).
   */
  scoreItemsBy(modality: number, items: ArrayLike<number>): void {
    const M = this.modalities.length;
    if (!(modality >= 0 && modality < M)) throw new Error(`no modality ${modality} (the fusion has ${M})`);
    this.modalities.forEach((p, m) => {
      const gain = p.scoreNorm.gamma.value.data;
      const bias = p.scoreNorm.beta.value.data;
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        if (!(item >= 1 && item <= this.config.numItems)) throw new Error(`item ${item} is outside 1..${this.config.numItems}`);
        gain[item - 1] = m === modality ? M : 0;
        bias[item - 1] = 0;
      }
    });
  }

  /** hidden[m] [B, H] and scores[m] [B, numItems] (items 1..numItems) per modality → fused logits and weights. */
  forward(g: Graph, hidden: readonly Tensor[], scores: readonly Tensor[]): FusionOutput {
    const M = this.modalities.length;
    if (hidden.length !== M || scores.length !== M) throw new Error(`fusion expects ${M} modalities, got ${hidden.length} hidden and ${scores.length} score inputs`);
    const B = scores[0]!.shape[0]!;
    const V = this.config.numItems;
    const eps = this.config.layerNormEps;
    const gates = this.modalities.map((p, m) => {
      const normed = ops.layerNorm(g, hidden[m]!, p.hiddenNorm.gamma.value, p.hiddenNorm.beta.value, eps); // [B, H]
      const inner = ops.relu(g, ops.linear(g, normed, p.mlpIn.weight.value, p.mlpIn.bias.value)); // [B, Z]
      return ops.linear(g, inner, p.mlpOut.weight.value, p.mlpOut.bias.value); // [B, 1]
    });
    const weights = ops.softmax(g, ops.concat(g, gates)); // [B, M]
    const normalized = this.modalities.map((p, m) => ops.layerNorm(g, scores[m]!, p.scoreNorm.gamma.value, p.scoreNorm.beta.value, eps)); // M × [B, V]
    const stacked = ops.reshape(g, ops.concat(g, normalized), [B, M, V]); // [B, M, V]
    return { logits: ops.weightedSum(g, weights, stacked), weights }; // [B, V], [B, M]
  }
}

/**
 * The equal-weight ablation: each learner's scores standardised across items and averaged. With `affine` (per
 * learner, the fusion layer's item-axis gain and bias, [numItems] each, item i at i − 1) each standardised score
 * goes through them first, so the result is that layer with every user's weights fixed at 1/M. scores[m] is
 * [numItems + 1] per case (column 0 ignored); returns the same layout.
 */
export function equalWeightFusion(scores: readonly Float32Array[], { eps = 1e-5, affine }: { eps?: number; affine?: ReadonlyArray<{ gain: Float32Array; bias: Float32Array }> } = {}): Float32Array {
  const width = scores[0]!.length;
  const out = new Float32Array(width);
  scores.forEach((s, m) => {
    const gain = affine?.[m]?.gain;
    const bias = affine?.[m]?.bias;
    let mean = 0;
    for (let j = 1; j < width; j++) mean += s[j]!;
    mean /= width - 1;
    let variance = 0;
    for (let j = 1; j < width; j++) variance += (s[j]! - mean) ** 2;
    const rstd = 1 / Math.sqrt(variance / (width - 1) + eps);
    for (let j = 1; j < width; j++) out[j]! += ((s[j]! - mean) * rstd * (gain ? gain[j - 1]! : 1) + (bias ? bias[j - 1]! : 0)) / scores.length;
  });
  out[0] = Number.NEGATIVE_INFINITY;
  return out;
}
