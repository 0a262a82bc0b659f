import { Arena, type Chunk } from './arena.ts';
import type { Engine } from './engine.ts';

/** One thread's working memory: an arena for a step's activations and a scratch block for kernels. */
export class Workspace {
  readonly arena: Arena;
  private scratchOffset = -1;
  private scratchSize = 0;

  constructor(readonly engine: Engine) {
    this.arena = new Arena(engine.heap);
  }

  /** Returns this workspace's memory for reuse by the next one on this thread; do not use it afterwards. */
  release(): void {
    this.arena.release();
  }

  /** Empties this workspace and returns its memory's chunks for another thread to adopt (a worker about to exit). */
  handOver(): Chunk[] {
    return this.arena.handOver();
  }

  /** Scratch big enough for kernels on sequences of length T (grown, never shrunk). */
  scratch(T = 64): number {
    const needed = this.engine.kernels.scratchElements(T);
    if (needed > this.scratchSize) {
      this.scratchOffset = this.engine.heap.allocate(needed);
      this.scratchSize = needed;
    }
    return this.scratchOffset;
  }
}
