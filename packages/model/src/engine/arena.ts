import type { Heap } from './heap.ts';
import { alignUp } from './heap.ts';

/** Minimum chunk an arena takes from the heap (16 MiB of floats): most steps then fit in a handful of chunks. */
const CHUNK_ELEMENTS = 1 << 22;

export interface Chunk {
  offset: number;
  size: number;
}

/** Chunks of finished arenas, per heap object (heaps are per thread), smallest first. */
const released = new WeakMap<Heap, Chunk[]>();

/** Where an arena stood; `reset(mark)` frees everything allocated after it. */
export interface ArenaMark {
  chunk: number;
  used: number;
}

/**
 * A per-thread bump allocator for activations: a training step allocates freely, then `reset` returns all of it.
 * Chunks come from the shared heap once and are reused on every later step, so memory stops growing after step 1.
 */
export class Arena {
  private readonly chunks: Chunk[];
  private current = -1;
  private used = 0;

  constructor(private readonly heap: Heap) {
    // Start from chunks a finished arena on this heap gave back: the heap itself never frees.
    this.chunks = released.get(heap)?.splice(0) ?? [];
  }

  /**
   * Gives every chunk back for the next arena on this heap (same thread) to reuse. The arena, and every tensor it
   * held, must not be used afterwards.
   */
  release(): void {
    Arena.adopt(this.heap, this.handOver());
  }

  /**
   * Empties the arena and returns its chunks (plain numbers), for a worker thread that is about to exit to give
   * them to the thread that stays: in shared memory, another thread's heap can reuse them with adopt().
   */
  handOver(): Chunk[] {
    this.current = -1;
    this.used = 0;
    return this.chunks.splice(0);
  }

  /** Makes chunks (from release or another thread's handOver) available to the next arena on this heap. */
  static adopt(heap: Heap, chunks: readonly Chunk[]): void {
    const free = released.get(heap) ?? [];
    free.push(...chunks);
    free.sort((a, b) => a.size - b.size);
    released.set(heap, free);
  }

  allocate(elements: number): number {
    const size = alignUp(Math.max(elements, 1));
    while (true) {
      const chunk = this.chunks[this.current];
      if (chunk && this.used + size <= chunk.size) {
        const offset = chunk.offset + this.used;
        this.used += size;
        return offset;
      }
      // Every chunk after the current one is free: take the first that fits, moved up to be the next one, so
      // steps whose sizes vary (a loss over a varying number of rows) reuse chunks instead of adding new ones.
      const fit = this.chunks.findIndex((c, i) => i > this.current && size <= c.size);
      if (fit >= 0) {
        const [chunk] = this.chunks.splice(fit, 1);
        this.chunks.splice(this.current + 1, 0, chunk!);
      } else {
        // None fits: a fresh chunk, with headroom so a slightly larger request next step fits it too.
        const chunkSize = Math.max(CHUNK_ELEMENTS, Math.ceil(size * 1.25));
        this.chunks.splice(this.current + 1, 0, { offset: this.heap.allocate(chunkSize), size: chunkSize });
      }
      this.current++;
      this.used = 0;
    }
  }

  mark(): ArenaMark {
    return { chunk: this.current, used: this.used };
  }

  reset(mark: ArenaMark = { chunk: -1, used: 0 }): void {
    this.current = mark.chunk;
    this.used = mark.used;
  }

  /** Elements reserved from the heap so far (for memory reports). */
  reservedElements(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.size, 0);
  }
}
