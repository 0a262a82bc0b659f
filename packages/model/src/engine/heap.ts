// The memory every tensor lives in. Offsets are element indices (4 bytes each in WebAssembly), shared by the
// float and int views, so a kernel receives plain numbers and never copies between JavaScript and WebAssembly.

import { CONTROL_WORDS, FreeList, type Chunk } from './free-list.ts';

export type FloatArray = Float32Array | Float64Array;
export type Dtype = 'float32' | 'float64';

/** First element offset handed out: the kernel module's static data lives below 64 KiB. */
export const RESERVED_ELEMENTS = 16384;
/** Alignment of every allocation in elements (64 bytes: one cache line, any SIMD load). */
export const ALIGN_ELEMENTS = 16;

/** Where every heap-full error's message starts: it is how one is recognised after crossing threads as text. */
export const HEAP_FULL_MESSAGE = "the training engine's memory is full";

/**
 * The heap could not grow: WebAssembly memory stops at 4 GiB (wasm32), or at the engine's lower ceiling. Thrown where the allocation failed, possibly
 * on a worker thread, whose errors reach the caller as text: isHeapFull recognises it by its message.
 */
export class HeapFullError extends Error {
  override readonly name = 'HeapFullError';
}

/** Whether an error (or one it wraps, or a worker's error text) says the engine's heap could not grow. */
export function isHeapFull(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message.includes(HEAP_FULL_MESSAGE) || e.message.includes('Maximum memory size exceeded')) return true;
  }
  return false;
}

export interface Heap {
  readonly dtype: Dtype;
  /** Current float view (refreshed after growth). */
  f(): FloatArray;
  /** Current int32 view over the same offsets. */
  i(): Int32Array;
  /** Reserves `elements` more elements and returns the first offset; thread-safe. The heap never shrinks. */
  allocate(elements: number): number;
  /** Freed spans (arena chunks, released parameters and optimiser state) for any thread to reuse. */
  readonly freeList: FreeList;
  /** Elements handed out so far, freed spans included (for memory reports). */
  allocatedElements(): number;
}

export type { Chunk };

/**
 * Memory for an owner that frees it later (heap.freeList.free): a freed span that fits, else fresh heap (zero
 * already). A reused span is zeroed unless `zeroed` is false (an arena's chunk: every tensor in it is written
 * before it is read). The span returned may be a little larger than asked; free exactly that span.
 */
export function allocateSpan(heap: Heap, elements: number, { zeroed = true } = {}): Chunk {
  const size = alignUp(Math.max(elements, 1));
  const reused = heap.freeList.take(size);
  if (!reused) return { offset: heap.allocate(size), size };
  if (zeroed) heap.f().fill(0, reused.offset, reused.offset + reused.size);
  return reused;
}

export function alignUp(n: number, alignment = ALIGN_ELEMENTS): number {
  return Math.ceil(n / alignment) * alignment;
}

/** A heap of plain typed arrays for the TypeScript reference path; float64 makes finite-difference checks exact enough. */
export class ArrayHeap implements Heap {
  private floats: FloatArray;
  private ints: Int32Array;
  private top = RESERVED_ELEMENTS;
  readonly freeList = new FreeList(new Int32Array(CONTROL_WORDS));

  constructor(readonly dtype: Dtype, initialElements = 1 << 16) {
    this.floats = dtype === 'float64' ? new Float64Array(initialElements) : new Float32Array(initialElements);
    this.ints = new Int32Array(initialElements);
  }

  f(): FloatArray {
    return this.floats;
  }

  i(): Int32Array {
    return this.ints;
  }

  allocate(elements: number): number {
    const offset = this.top;
    this.top = alignUp(offset + Math.max(elements, 1));
    if (this.top > this.floats.length) this.grow(this.top);
    return offset;
  }

  allocatedElements(): number {
    return this.top;
  }

  private grow(needed: number): void {
    let size = this.floats.length;
    while (size < needed) size *= 2;
    const floats = this.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
    floats.set(this.floats);
    const ints = new Int32Array(size);
    ints.set(this.ints);
    this.floats = floats;
    this.ints = ints;
  }
}
