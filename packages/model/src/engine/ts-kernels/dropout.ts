import type { Heap } from '../heap.ts';
import { dropoutBits, dropoutThreshold } from '../hash.ts';

export function dropout(heap: Heap, x: number, y: number, mask: number, n: number, p: number, key: number, counterBase: number): void {
  const f = heap.f();
  const threshold = dropoutThreshold(p);
  const keepScale = 1 / (1 - p);
  for (let i = 0; i < n; i++) {
    const kept = dropoutBits(key, (counterBase + i) >>> 0) >>> 8 >= threshold;
    const m = kept ? keepScale : 0;
    f[mask + i] = m;
    f[y + i] = f[x + i]! * m;
  }
}
