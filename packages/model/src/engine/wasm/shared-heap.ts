/// <reference path="./webassembly.d.ts" />
import { CONTROL_WORDS, FreeList } from '../free-list.ts';
import { MAX_MEMORY_PAGES } from './load-module.ts';
import { alignUp, HEAP_FULL_MESSAGE, HeapFullError, RESERVED_ELEMENTS, type Heap } from '../heap.ts';

const PAGE_BYTES = 65536;
/** Index of the allocation pointer in the heap's control words. */
const TOP = 0;

/**
 * A heap over one shared WebAssembly.Memory. Every thread holds its own SharedHeap over the same memory and the
 * same control words, so allocation is a single Atomics.add and needs no messages between threads.
 */
export class SharedHeap implements Heap {
  readonly dtype = 'float32' as const;
  private floats: Float32Array;
  private ints: Int32Array;

  readonly freeList: FreeList;

  /** control: an Int32Array over a SharedArrayBuffer; word 0 is the next free element offset, then the free list. */
  constructor(readonly memory: WebAssembly.Memory, readonly control: Int32Array, private readonly maximumPages = MAX_MEMORY_PAGES) {
    this.freeList = new FreeList(control);
    this.floats = new Float32Array(memory.buffer);
    this.ints = new Int32Array(memory.buffer);
  }

  static create(memory: WebAssembly.Memory, maximumPages = MAX_MEMORY_PAGES): SharedHeap {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    control[TOP] = RESERVED_ELEMENTS;
    return new SharedHeap(memory, control, maximumPages);
  }

  f(): Float32Array {
    if (this.floats.length * 4 !== this.memory.buffer.byteLength) this.refresh();
    return this.floats;
  }

  i(): Int32Array {
    if (this.ints.length * 4 !== this.memory.buffer.byteLength) this.refresh();
    return this.ints;
  }

  allocate(elements: number): number {
    const size = alignUp(Math.max(elements, 1));
    const offset = Atomics.add(this.control, TOP, size);
    const endBytes = (offset + size) * 4;
    const current = this.memory.buffer.byteLength;
    if (endBytes > current) {
      // Another thread may grow at the same time; growing a little too much is harmless.
      try {
        this.memory.grow(Math.ceil((endBytes - current) / PAGE_BYTES));
      } catch (error) {
        // The heap is unusable from here (the allocation pointer has moved past its end): the work that owns it
        // stops, and says why in words a person can act on (the caller adds what it was training).
        if (!(error instanceof RangeError)) throw error;
        throw new HeapFullError(`${HEAP_FULL_MESSAGE}: it stops at ${megabytes(this.maximumPages * PAGE_BYTES)} MB, and ${megabytes(size * 4)} MB more were asked for`, { cause: error });
      }
    }
    return offset;
  }

  allocatedElements(): number {
    return Atomics.load(this.control, TOP);
  }

  private refresh(): void {
    this.floats = new Float32Array(this.memory.buffer);
    this.ints = new Int32Array(this.memory.buffer);
  }
}

function megabytes(bytes: number): string {
  return Math.ceil(bytes / 2 ** 20).toLocaleString('en-US');
}
