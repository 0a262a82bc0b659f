import type { FloatArray, Heap } from './heap.ts';

/** Row-tracking for a row-sparse gradient: which rows of a table a backward pass touched (see scatterAdd). */
export interface RowTracker {
  /** Offset of one int per table row: 1 when the row's gradient may be non-zero. */
  marks: number;
}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float tensor: a shape over `size` contiguous elements of a heap, row-major. */
export class Tensor {
  readonly size: number;
  /** Gradient buffer (same shape) while a graph runs backward; parameters keep theirs across steps. */
  grad: Tensor | undefined;
  requiresGrad = false;
  /** Set on row-sparse parameters: their gradient's touched rows are tracked here. */
  rowTracker: RowTracker | undefined;

  constructor(
    readonly heap: Heap,
    readonly shape: readonly number[],
    readonly offset: number,
  ) {
    this.size = product(shape);
  }

  /** A live view (re-take it after anything that may grow the heap). */
  get data(): FloatArray {
    return this.heap.f().subarray(this.offset, this.offset + this.size);
  }

  /** Copies the values out, as float64 numbers. */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** The same memory with another shape of equal size (no copy, no gradient link). */
  view(shape: readonly number[]): Tensor {
    if (product(shape) !== this.size) throw new Error(`cannot view [${this.shape}] as [${shape}]`);
    return new Tensor(this.heap, shape, this.offset);
  }
}

/** An int32 tensor (item ids, targets); never differentiable. */
export class IntTensor {
  readonly size: number;

  constructor(
    readonly heap: Heap,
    readonly shape: readonly number[],
    readonly offset: number,
  ) {
    this.size = product(shape);
  }

  get data(): Int32Array {
    return this.heap.i().subarray(this.offset, this.offset + this.size);
  }
}
