import type { Heap } from '../heap.ts';

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function bpr(heap: Heap, pos: number, neg: number, targets: number, n: number): number {
  const f = heap.f();
  const iv = heap.i();
  let loss = 0;
  for (let r = 0; r < n; r++) {
    if (iv[targets + r]! <= 0) continue;
    loss -= Math.log(sigmoid(f[pos + r]! - f[neg + r]!) + 1e-10);
  }
  return loss;
}

export function bprBackward(heap: Heap, pos: number, neg: number, targets: number, n: number, scale: number, dPos: number, dNeg: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let r = 0; r < n; r++) {
    if (iv[targets + r]! <= 0) continue;
    const s = sigmoid(f[pos + r]! - f[neg + r]!);
    const g = (-(s * (1 - s)) / (s + 1e-10)) * scale;
    if (dPos >= 0) f[dPos + r] = f[dPos + r]! + g;
    if (dNeg >= 0) f[dNeg + r] = f[dNeg + r]! - g;
  }
}
