import { IntTensor, type Heap } from '../engine/index.ts';
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

  constructor(private readonly heap: Heap, readonly layout: SharedBatchLayout) {}

  /** Reserves room for batches of up to `capacity` positions (B·T). */
  static allocate(heap: Heap, capacity: number): SharedBatch {
    return new SharedBatch(heap, { capacity, items: heap.allocate(capacity), positives: heap.allocate(capacity), negatives: heap.allocate(capacity) });
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
