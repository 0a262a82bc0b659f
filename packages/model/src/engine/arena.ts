import type { Chunk, Heap } from './heap.ts';
import { alignUp, allocateSpan } from './heap.ts';

/** Minimum chunk an arena takes from the heap (16 MiB of floats): most steps then fit in a handful of chunks. */
const CHUNK_ELEMENTS = 1 << 22;

export type { Chunk };

/** Where an arena stood; `reset(mark)` frees everything allocated after it. */
export interface ArenaMark {
  chunk: number;
  used: number;
}

/**
 * A per-thread bump allocator for activations: a training step allocates freely, then `reset` returns all of it.
 * Chunks come from the heap's free list (or, when none fits, from the heap) once and are reused on every later
 * step, so memory stops growing after step 1; `release` gives them back to the free list for any thread's next arena.
 */
export class Arena {
  private readonly chunks: Chunk[] = [];
  private current = -1;
  private used = 0;

  constructor(private readonly heap: Heap) {}

  /**
   * Gives every chunk back to the heap's free list, for the next arena on any thread. The arena, and every tensor
   * it held, must not be used afterwards.
   */
  release(): void {
    Arena.adopt(this.heap, this.handOver());
  }

  /**
   * Empties the arena and returns its chunks (plain numbers), for a worker thread that is about to exit to give
   * them to the thread that stays, which frees them with adopt().
   */
  handOver(): Chunk[] {
    this.current = -1;
    this.used = 0;
    return this.chunks.splice(0);
  }

  /** Frees chunks (from release or another thread's handOver) for the next arena on this heap's memory. */
  static adopt(heap: Heap, chunks: readonly Chunk[]): void {
    heap.freeList.free(chunks);
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
        // None fits: a freed span of another arena, else a fresh chunk; with headroom so that a slightly larger
        // request next step fits it too.
        const chunkSize = alignUp(Math.max(CHUNK_ELEMENTS, Math.ceil(size * 1.25)));
        this.chunks.splice(this.current + 1, 0, allocateSpan(this.heap, chunkSize, { zeroed: false }));
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
