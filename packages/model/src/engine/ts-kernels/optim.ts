import type { Heap } from '../heap.ts';
import type { AdamStep } from '../kernels.ts';

export function adam(heap: Heap, p: number, g: number, m: number, v: number, n: number, s: AdamStep): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) {
    const gi = f[g + i]!;
    const mi = s.beta1 * f[m + i]! + (1 - s.beta1) * gi;
    const vi = s.beta2 * f[v + i]! + (1 - s.beta2) * gi * gi;
    f[m + i] = mi;
    f[v + i] = vi;
    f[p + i] = f[p + i]! - (s.stepSize * mi) / (Math.sqrt(vi) * s.invBc2Sqrt + s.eps);
  }
}

export function adamRows(heap: Heap, p: number, g: number, m: number, v: number, cols: number, marks: number, rowStart: number, rowEnd: number, s: AdamStep): void {
  const iv = heap.i();
  for (let row = rowStart; row < rowEnd; row++) {
    if (!iv[marks + row]) continue;
    const o = row * cols;
    adam(heap, p + o, g + o, m + o, v + o, cols, s);
    heap.f().fill(0, g + o, g + o + cols);
    iv[marks + row] = 0;
  }
}

export function sgd(heap: Heap, p: number, g: number, n: number, lr: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[p + i] = f[p + i]! - lr * f[g + i]!;
}

export function sgdRows(heap: Heap, p: number, g: number, cols: number, marks: number, rowStart: number, rowEnd: number, lr: number): void {
  const iv = heap.i();
  for (let row = rowStart; row < rowEnd; row++) {
    if (!iv[marks + row]) continue;
    const o = row * cols;
    sgd(heap, p + o, g + o, cols, lr);
    heap.f().fill(0, g + o, g + o + cols);
    iv[marks + row] = 0;
  }
}
