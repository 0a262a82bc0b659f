import type { Heap } from './heap.ts';
import { alignUp } from './heap.ts';

/** Minimum chunk an arena takes from the heap (16 MiB of floats): most steps then fit in a handful of chunks. */
const CHUNK_ELEMENTS = 1 << 22;

interface Chunk {
  offset: number;
  size: number;
}

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
  private readonly chunks: Chunk[] = [];
  private current = -1;
  private used = 0;

  constructor(private readonly heap: Heap) {}

  allocate(elements: number): number {
    const size = alignUp(Math.max(elements, 1));
    while (true) {
      const chunk = this.chunks[this.current];
      if (chunk && this.used + size <= chunk.size) {
        const offset = chunk.offset + this.used;
        this.used += size;
        return offset;
      }
      const next = this.chunks[this.current + 1];
      if (next && size <= next.size) {
        this.current++;
        this.used = 0;
        continue;
      }
      // No reusable chunk fits: insert a fresh one here (later chunks stay for later steps).
      const chunkSize = Math.max(CHUNK_ELEMENTS, size);
      this.chunks.splice(this.current + 1, 0, { offset: this.heap.allocate(chunkSize), size: chunkSize });
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
