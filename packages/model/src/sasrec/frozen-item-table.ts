import { Graph, ops, type IntTensor, type Param, type Tensor } from '../engine/index.ts';
import type { ItemEncoder } from './item-encoder.ts';

/**
 * Item vectors computed once and read without gradients: what adaptation and scoring use while the global item
 * representation is frozen, so a feature learner does not re-project its whole feature table at every step.
 */
export class FrozenItemTable implements ItemEncoder {
  readonly params: Param[] = [];

  /** table [numItems + 1, D], e.g. a copy of encoder.all() that outlives the graph it was computed in. */
  constructor(readonly table: Tensor) {}

  lookup(g: Graph, ids: IntTensor[]): Tensor[] {
    return ids.map((t) => ops.embedding(g, this.table, t)); // [..., D]
  }

  all(): Tensor {
    return this.table;
  }
}
