/** A span of heap elements: where it starts and how many elements it holds. */
export interface Chunk {
  offset: number;
  size: number;
}

/** Control words: [0] is the heap's allocation pointer (owned by the heap), then the lock and the entry count. */
const LOCK = 1;
const COUNT = 2;
const FIRST_ENTRY = 4;
/** Free spans the list can hold; past that a freed span is dropped (lost to reuse, never to correctness). */
export const FREE_LIST_CAPACITY = 4096;
/** Int32 words of control a heap with a free list needs (the allocation pointer, lock, count, then entry pairs). */
export const CONTROL_WORDS = FIRST_ENTRY + 2 * FREE_LIST_CAPACITY;
/** A span is split when what remains after a request is at least this many elements (4 KiB); else taken whole. */
const MIN_SPLIT_ELEMENTS = 1024;

/**
 * The heap's freed spans, kept in control words every thread sees (shared memory on the WebAssembly path), sorted
 * by offset and merged where one ends where the next begins. Arenas give their chunks back here when released and
 * take the best-fitting span before growing the heap, so memory one stage (or one worker thread) used is reused by
 * the next, whichever thread runs it. Operations take a spin lock: they happen once per chunk, not per tensor.
 */
export class FreeList {
  constructor(private readonly control: Int32Array) {
    if (control.length < CONTROL_WORDS) throw new Error(`a free list needs ${CONTROL_WORDS} control words, got ${control.length}`);
  }

  /** The smallest free span of at least `elements`, cut to size when the rest is worth keeping; undefined if none. */
  take(elements: number): Chunk | undefined {
    return this.locked(() => {
      const count = this.control[COUNT]!;
      let best = -1;
      for (let i = 0; i < count; i++) {
        const size = this.size(i);
        if (size >= elements && (best < 0 || size < this.size(best))) best = i;
      }
      if (best < 0) return undefined;
      const offset = this.offset(best);
      const size = this.size(best);
      if (size - elements >= MIN_SPLIT_ELEMENTS) {
        this.set(best, offset + elements, size - elements);
        return { offset, size: elements };
      }
      this.remove(best);
      return { offset, size };
    });
  }

  /** Gives spans back, merging each with free neighbours. */
  free(chunks: readonly Chunk[]): void {
    if (chunks.length === 0) return;
    this.locked(() => {
      for (const chunk of chunks) this.insert(chunk);
    });
  }

  /** Elements currently free in the list (for memory reports). */
  freeElements(): number {
    return this.locked(() => {
      let sum = 0;
      for (let i = 0; i < this.control[COUNT]!; i++) sum += this.size(i);
      return sum;
    });
  }

  private insert({ offset, size }: Chunk): void {
    const count = this.control[COUNT]!;
    // First entry starting after this span: the span goes before it.
    let at = 0;
    while (at < count && this.offset(at) < offset) at++;
    const before = at > 0 && this.offset(at - 1) + this.size(at - 1) === offset;
    const after = at < count && offset + size === this.offset(at);
    if (at > 0 && this.offset(at - 1) + this.size(at - 1) > offset) throw new Error(`span at ${offset} freed twice`);
    if (before && after) {
      this.set(at - 1, this.offset(at - 1), this.size(at - 1) + size + this.size(at));
      this.remove(at);
    } else if (before) {
      this.set(at - 1, this.offset(at - 1), this.size(at - 1) + size);
    } else if (after) {
      this.set(at, offset, size + this.size(at));
    } else if (count < FREE_LIST_CAPACITY) {
      this.control.copyWithin(FIRST_ENTRY + 2 * (at + 1), FIRST_ENTRY + 2 * at, FIRST_ENTRY + 2 * count);
      this.set(at, offset, size);
      this.control[COUNT] = count + 1;
    }
  }

  private remove(index: number): void {
    const count = this.control[COUNT]!;
    this.control.copyWithin(FIRST_ENTRY + 2 * index, FIRST_ENTRY + 2 * (index + 1), FIRST_ENTRY + 2 * count);
    this.control[COUNT] = count - 1;
  }

  private offset(index: number): number {
    return this.control[FIRST_ENTRY + 2 * index]!;
  }

  private size(index: number): number {
    return this.control[FIRST_ENTRY + 2 * index + 1]!;
  }

  private set(index: number, offset: number, size: number): void {
    this.control[FIRST_ENTRY + 2 * index] = offset;
    this.control[FIRST_ENTRY + 2 * index + 1] = size;
  }

  private locked<T>(work: () => T): T {
    // The main thread may not Atomics.wait, so every thread spins; the sections are a few hundred operations.
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0);
    try {
      return work();
    } finally {
      Atomics.store(this.control, LOCK, 0);
    }
  }
}
