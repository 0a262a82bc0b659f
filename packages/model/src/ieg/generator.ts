import { Graph, ops, ParamStore, type Engine, type Param, type Tensor } from '../engine/index.ts';

/** The generator's shape: item feature width in, ID embedding width out, neighbours per item. */
export interface GeneratorConfig {
  /** Width of a_i = concat(text, image) (each block unit-length; zeros where missing). */
  featureSize: number;
  /** The ID learner's embedding width (64). */
  hiddenSize: number;
  /** Neighbours per item (mml-method.md: 5..10). */
  neighbours: number;
  initStd: number; // 0.02, as every other weight
}

/**
 * MML's cold-start item embedding generator (stage 2): e_x = W·a_x + b; α_k = softmax_k(wᵀ e_nk);
 * ĝ_i = ReLU(e_i + Σ_k α_k e_nk). The method writes the attention logit as wᵀ[e_i ; e_nk] + c; the e_i half and c
 * are the same for every k of one item, so softmax cancels them and only the neighbour half is kept.
 */
export class ItemEmbeddingGenerator {
  readonly store = new ParamStore();
  readonly weight: Param;
  readonly bias: Param;
  readonly attention: Param;

  constructor(readonly config: GeneratorConfig) {
    const { featureSize: F, hiddenSize: D, initStd: std } = config;
    this.weight = this.store.declare({ name: 'generator.projection.weight', shape: [F, D], init: { kind: 'normal', std } });
    this.bias = this.store.declare({ name: 'generator.projection.bias', shape: [D], init: { kind: 'constant', value: 0 } });
    this.attention = this.store.declare({ name: 'generator.attention.weight', shape: [D, 1], init: { kind: 'normal', std } });
  }

  static create(engine: Engine, config: GeneratorConfig, seed: number): ItemEmbeddingGenerator {
    const generator = new ItemEmbeddingGenerator(config);
    generator.store.materialize(engine, { seed });
    return generator;
  }

  get params(): Param[] {
    return this.store.params;
  }

  /**
   * ĝ for `count` items: features [count, F] of the items and neighbourFeatures [count · K, F] of their K neighbours
   * (row u·K + k is item u's k-th neighbour) → [count, D].
   */
  forward(g: Graph, features: Tensor, neighbourFeatures: Tensor): Tensor {
    const K = this.config.neighbours;
    const U = features.shape[0]!;
    const D = this.config.hiddenSize;
    const e = ops.linear(g, features, this.weight.value, this.bias.value); // [U, D]
    const en = ops.linear(g, neighbourFeatures, this.weight.value, this.bias.value); // [U·K, D]
    const logits = ops.reshape(g, ops.linear(g, en, this.attention.value), [U, K]); // [U, K]
    const alpha = ops.softmax(g, logits); // [U, K]
    const mixed = ops.weightedSum(g, alpha, ops.reshape(g, en, [U, K, D])); // [U, D]
    return ops.relu(g, ops.add(g, e, mixed)); // [U, D]
  }

  /** ĝ for items given by index into a feature table [rows, F] and a neighbour table [rows, K] of row indices. */
  forwardItems(g: Graph, table: Tensor, neighbours: Int32Array, items: ArrayLike<number>): Tensor {
    const K = this.config.neighbours;
    const ids = Int32Array.from(items);
    const neighbourIds = new Int32Array(ids.length * K);
    ids.forEach((item, u) => neighbourIds.set(neighbours.subarray(item * K, (item + 1) * K), u * K));
    const features = ops.embedding(g, table, g.ints(ids)); // [U, F]
    const neighbourFeatures = ops.embedding(g, table, g.ints(neighbourIds)); // [U·K, F]
    return this.forward(g, features, neighbourFeatures); // [U, D]
  }
}
