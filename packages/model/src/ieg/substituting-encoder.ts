import { Graph, ops, type Param, type Rng, type Tensor, type IntTensor } from '../engine/index.ts';
import type { IdItemEncoder, ItemEncoder } from '../sasrec/item-encoder.ts';
import type { ItemEmbeddingGenerator } from './generator.ts';

/**
 * The ID learner's item table with random substitution (stage 2 training): every item looked up is replaced by its
 * generated embedding ĝ with probability p, so the generator learns to produce vectors the frozen ID model ranks
 * with. Only the generator receives gradients.
 */
export class SubstitutingEncoder implements ItemEncoder {
  constructor(
    private readonly id: IdItemEncoder,
    private readonly generator: ItemEmbeddingGenerator,
    /** a_i for every item, [numItems + 1, F], a constant in the heap. */
    private readonly features: Tensor,
    /** [numItems + 1, K] neighbour item indices. */
    private readonly neighbours: Int32Array,
    private readonly probability: number,
    private readonly rng: Rng,
  ) {}

  get params(): Param[] {
    return this.generator.params;
  }

  lookup(g: Graph, ids: IntTensor[]): Tensor[] {
    const distinct = new Set<number>();
    for (const t of ids) for (const id of t.data) if (id > 0) distinct.add(id);
    const table = this.substituted(g, [...distinct].sort((a, b) => a - b));
    return ids.map((t) => ops.embedding(g, table, t)); // [..., D]
  }

  all(g: Graph): Tensor {
    return this.substituted(g, Array.from({ length: this.id.table.spec.shape[0]! - 1 }, (_, i) => i + 1)); // [numItems + 1, D]
  }

  /** The ID table with a random p-share of the candidate rows replaced by ĝ. */
  private substituted(g: Graph, candidates: number[]): Tensor {
    const chosen = Int32Array.from(candidates.filter(() => this.rng.next() < this.probability));
    if (chosen.length === 0) return this.id.table.value;
    const generated = this.generator.forwardItems(g, this.features, this.neighbours, chosen); // [U, D]
    return ops.substituteRows(g, this.id.table.value, generated, chosen); // [numItems + 1, D]
  }
}
