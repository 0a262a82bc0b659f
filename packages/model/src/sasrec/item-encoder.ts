import { Graph, IntTensor, ops, type Param, type ParamStore, type Tensor } from '../engine/index.ts';
import type { SasRecConfig } from './config.ts';

/** Turns item ids into item vectors E_j; the same vectors embed the input and score candidates (tied output). */
export interface ItemEncoder {
  /** Parameters outside the local modules (frozen in the meta-learning inner loop). */
  readonly params: Param[];
  /** Vectors for several id tensors at once: each [...] → [..., D]. */
  lookup(g: Graph, ids: IntTensor[]): Tensor[];
  /** Vectors of every item, row 0 being padding: [numItems + 1, D]. */
  all(g: Graph): Tensor;
}

/** ID learner: E is a row-sparse embedding table [numItems + 1, D]. */
export class IdItemEncoder implements ItemEncoder {
  readonly table: Param;

  constructor(store: ParamStore, config: SasRecConfig) {
    this.table = store.declare({
      name: 'item_embedding.weight',
      shape: [config.numItems + 1, config.hiddenSize],
      init: { kind: 'normal', std: config.initStd },
      rowSparse: true,
    });
  }

  get params(): Param[] {
    return [this.table];
  }

  lookup(g: Graph, ids: IntTensor[]): Tensor[] {
    return ids.map((t) => ops.embedding(g, this.table.value, t));
  }

  all(): Tensor {
    return this.table.value;
  }
}

/**
 * Feature learner (text or image): E_j = feature_j · W + b with a trainable, row-sparse feature table
 * [numItems + 1, F] that starts from the given features (missing features: zero rows). A batch projects each
 * distinct item once and then gathers, instead of projecting every position.
 */
export class FeatureItemEncoder implements ItemEncoder {
  readonly features: Param;
  readonly weight: Param;
  readonly bias: Param;

  constructor(store: ParamStore, config: SasRecConfig, featureSize: number, initialFeatures?: Float32Array) {
    const shape = [config.numItems + 1, featureSize];
    if (initialFeatures && initialFeatures.length !== shape[0]! * shape[1]!) {
      throw new Error(`feature table needs ${shape[0]! * shape[1]!} values ([${shape}]), got ${initialFeatures.length}`);
    }
    this.features = store.declare({
      name: 'item_features.weight',
      shape,
      init: initialFeatures ? { kind: 'values', values: initialFeatures } : { kind: 'constant', value: 0 },
      rowSparse: true,
    });
    this.weight = store.declare({ name: 'item_projection.weight', shape: [featureSize, config.hiddenSize], init: { kind: 'normal', std: config.initStd } });
    this.bias = store.declare({ name: 'item_projection.bias', shape: [config.hiddenSize], init: { kind: 'constant', value: 0 } });
  }

  get params(): Param[] {
    return [this.features, this.weight, this.bias];
  }

  lookup(g: Graph, ids: IntTensor[]): Tensor[] {
    const unique = new Map<number, number>();
    const remapped = ids.map((t) => Int32Array.from(t.data, (id) => {
      let slot = unique.get(id);
      if (slot === undefined) unique.set(id, (slot = unique.size));
      return slot;
    }));
    const distinct = g.ints(Array.from(unique.keys()));
    const features = ops.embedding(g, this.features.value, distinct); // [U, F]
    const vectors = ops.linear(g, features, this.weight.value, this.bias.value); // [U, D]
    return remapped.map((slots, i) => ops.embedding(g, vectors, g.ints(slots, ids[i]!.shape))); // [..., D]
  }

  all(g: Graph): Tensor {
    return ops.linear(g, this.features.value, this.weight.value, this.bias.value); // [numItems + 1, D]
  }
}
