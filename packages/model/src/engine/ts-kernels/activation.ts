import type { Heap } from '../heap.ts';
import { erf } from './erf.ts';

const INV_SQRT_2PI = 0.3989422804014327;

/** Φ(x), the standard normal CDF. */
function normalCdf(x: number): number {
  return 0.5 * (1 + erf(x * Math.SQRT1_2));
}

export function gelu(heap: Heap, x: number, y: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) {
    const v = f[x + i]!;
    f[y + i] = v * normalCdf(v);
  }
}

export function geluWithSlope(heap: Heap, x: number, y: number, slope: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) {
    const v = f[x + i]!;
    const cdf = normalCdf(v);
    f[y + i] = v * cdf;
    f[slope + i] = cdf + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
  }
}

export function relu(heap: Heap, x: number, y: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[y + i] = Math.max(f[x + i]!, 0);
}

export function reluBackward(heap: Heap, x: number, dy: number, dx: number, n: number, accumulate: boolean): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[dx + i] = (accumulate ? f[dx + i]! : 0) + (f[x + i]! > 0 ? f[dy + i]! : 0);
}
