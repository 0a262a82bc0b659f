import { describe, expect, it } from 'vitest';
import { Arena } from './arena.ts';
import { ArrayHeap } from './heap.ts';

describe('Arena', () => {
  it('reuses its chunks when request sizes vary from step to step (no growth after the largest step)', () => {
    const arena = new Arena(new ArrayHeap('float32'));
    const big = 6_000_000; // above the 4M-element chunk, like a cross-entropy step's logits
    const sizes = [big, big + 50_000, big - 70_000, big + 20_000, big + 90_000, big - 10_000];
    for (let round = 0; round < 3; round++) {
      for (const size of sizes) {
        const mark = arena.mark();
        arena.allocate(1000);
        arena.allocate(size);
        arena.reset(mark);
      }
    }
    // One ordinary chunk plus at most two large ones (the first large one had 25% headroom).
    expect(arena.reservedElements()).toBeLessThan(4_194_304 + 2 * 1.25 * (big + 90_000));
  });

  it('hands released chunks to the next arena on the same heap', () => {
    const heap = new ArrayHeap('float32');
    const first = new Arena(heap);
    const offset = first.allocate(100);
    const reserved = first.reservedElements();
    first.release();
    const second = new Arena(heap);
    expect(second.allocate(100)).toBe(offset);
    expect(second.reservedElements()).toBe(reserved);
  });
});
