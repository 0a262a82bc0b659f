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
    return generate(g, this.tensors(), features, neighbourFeatures, this.config.neighbours);
  }

  /** ĝ for items given by index into a feature table [rows, F] and a neighbour table [rows, K] of row indices. */
  forwardItems(g: Graph, table: Tensor, neighbours: Int32Array, items: ArrayLike<number>): Tensor {
    return generateForItems(g, this.tensors(), table, neighbours, items, this.config.neighbours);
  }

  private tensors(): GeneratorTensors {
    return { weight: this.weight.value, bias: this.bias.value, attention: this.attention.value };
  }
}

/** The generator's weights as tensors: projection W [F, D] and b [D], attention w [D, 1]. */
export interface GeneratorTensors {
  weight: Tensor;
  bias: Tensor;
  attention: Tensor;
}

/** ĝ from the items' features [U, F] and their K neighbours' [U·K, F] → [U, D]. */
export function generate(g: Graph, w: GeneratorTensors, features: Tensor, neighbourFeatures: Tensor, K: number): Tensor {
  return mixNeighbours(g, ops.linear(g, features, w.weight, w.bias), ops.linear(g, neighbourFeatures, w.weight, w.bias), w.attention, K);
}

/**
 * ĝ for items given by index into a feature table [rows, F] and a neighbour table [rows, K] of row indices → [U, D].
 * Projection commutes with gathering rows (W·a_x + b is per row), so where the items and their neighbours number
 * at least as many rows as the table holds (every item of the catalog, at each step of stage 2's loss), the whole
 * table is projected once and the projected rows [rows, D] are gathered: the gathered features [U·K, F] take K·F/D
 * times the memory (1,792-d features, K = 10: 280×; 645 MB a step on a 60,000-item catalog) and more multiply-adds.
 * Smaller sets (a batch's inputs, a block of new items) gather their features first.
 */
export function generateForItems(g: Graph, w: GeneratorTensors, table: Tensor, neighbours: Int32Array, items: ArrayLike<number>, K: number): Tensor {
  const ids = Int32Array.from(items);
  const neighbourIds = new Int32Array(ids.length * K);
  ids.forEach((item, u) => neighbourIds.set(neighbours.subarray(item * K, (item + 1) * K), u * K));
  if (ids.length * (K + 1) >= table.shape[0]!) {
    const projected = ops.linear(g, table, w.weight, w.bias); // [rows, D]
    return mixNeighbours(g, ops.embedding(g, projected, g.ints(ids)), ops.embedding(g, projected, g.ints(neighbourIds)), w.attention, K);
  }
  return generate(g, w, ops.embedding(g, table, g.ints(ids)), ops.embedding(g, table, g.ints(neighbourIds)), K); // [U, F], [U·K, F]
}

/**
 * The attention over neighbours: e [U, D] of the items, en [U·K, D] of their K neighbours each, the attention
 * weight w [D, 1] → ĝ = ReLU(e + Σ_k softmax_k(wᵀ e_nk) e_nk), [U, D].
 */
export function mixNeighbours(g: Graph, e: Tensor, en: Tensor, attention: Tensor, K: number): Tensor {
  const [U, D] = [e.shape[0]!, e.shape[1]!];
  const alpha = ops.softmax(g, ops.reshape(g, ops.linear(g, en, attention), [U, K])); // [U, K]
  const mixed = ops.weightedSum(g, alpha, ops.reshape(g, en, [U, K, D])); // [U, D]
  return ops.relu(g, ops.add(g, e, mixed)); // [U, D]
}
