import { allocateSpan, IntTensor, type Chunk, type Heap } from '../engine/index.ts';
import type { RawBprBatch } from '../data/bpr-batches.ts';

/**
 * A training batch written once into the engine's heap, so every thread reads its shard in place. Capacity is
 * fixed at creation (the largest batch the trainer will see).
 */
export interface SharedBatchLayout {
  capacity: number;
  items: number;
  positives: number;
  negatives: number;
}

export class SharedBatch {
  B = 0;
  T = 0;
  normalizer = 0;

  /** `owned`: the spans this batch allocated, freed by release (a worker's view of the batch owns none). */
  constructor(private readonly heap: Heap, readonly layout: SharedBatchLayout, private readonly owned: Chunk[] = []) {}

  /** Reserves room for batches of up to `capacity` positions (B·T). */
  static allocate(heap: Heap, capacity: number): SharedBatch {
    const spans = [0, 1, 2].map(() => allocateSpan(heap, capacity));
    return new SharedBatch(heap, { capacity, items: spans[0]!.offset, positives: spans[1]!.offset, negatives: spans[2]!.offset }, spans);
  }

  /** Gives the batch's memory back to the heap's free list (the trainer that wrote it has closed). */
  release(): void {
    this.heap.freeList.free(this.owned.splice(0));
  }

  write(batch: RawBprBatch): void {
    const { capacity, items, positives, negatives } = this.layout;
    if (batch.B * batch.T > capacity) throw new Error(`batch of ${batch.B}×${batch.T} exceeds the shared batch capacity ${capacity}`);
    const ints = this.heap.i();
    ints.set(batch.items, items);
    ints.set(batch.positives, positives);
    ints.set(batch.negatives, negatives);
    this.B = batch.B;
    this.T = batch.T;
    this.normalizer = batch.normalizer;
  }

  /** Views of sequences [start, end) of a batch with sequence length T. */
  shard(start: number, end: number, T: number): { items: IntTensor; positives: IntTensor; negatives: IntTensor } {
    const shape = [end - start, T];
    const at = (base: number) => new IntTensor(this.heap, shape, base + start * T);
    return { items: at(this.layout.items), positives: at(this.layout.positives), negatives: at(this.layout.negatives) };
  }
}

/** Sequences [start, end) of a batch of B that replica r of R computes. */
export function shardRange(B: number, r: number, R: number): [number, number] {
  return [Math.floor((r * B) / R), Math.floor(((r + 1) * B) / R)];
}
