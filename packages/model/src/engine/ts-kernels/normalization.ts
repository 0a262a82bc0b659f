import type { Heap } from '../heap.ts';

export function layerNorm(heap: Heap, x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, cols: number, eps: number): void {
  const f = heap.f();
  for (let r = 0; r < rows; r++) {
    const base = x + r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += f[base + j]!;
    const mu = s / cols;
    let q = 0;
    for (let j = 0; j < cols; j++) q += (f[base + j]! - mu) ** 2;
    const rs = 1 / Math.sqrt(q / cols + eps);
    f[mean + r] = mu;
    f[rstd + r] = rs;
    for (let j = 0; j < cols; j++) f[y + r * cols + j] = (f[base + j]! - mu) * rs * f[gamma + j]! + f[beta + j]!;
  }
}

export function layerNormBackward(heap: Heap, x: number, gamma: number, mean: number, rstd: number, dy: number, dx: number, dGamma: number, dBeta: number, rows: number, cols: number, accumulate: boolean): void {
  const f = heap.f();
  for (let r = 0; r < rows; r++) {
    const mu = f[mean + r]!;
    const rs = f[rstd + r]!;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < cols; j++) {
      const xh = (f[x + r * cols + j]! - mu) * rs;
      const d = f[dy + r * cols + j]!;
      const g = d * f[gamma + j]!;
      s1 += g;
      s2 += g * xh;
      if (dGamma >= 0) f[dGamma + j] = f[dGamma + j]! + d * xh;
      if (dBeta >= 0) f[dBeta + j] = f[dBeta + j]! + d;
    }
    if (dx < 0) continue;
    for (let j = 0; j < cols; j++) {
      const xh = (f[x + r * cols + j]! - mu) * rs;
      const g = f[dy + r * cols + j]! * f[gamma + j]!;
      f[dx + r * cols + j] = (accumulate ? f[dx + r * cols + j]! : 0) + (g - s1 / cols - xh * s2 / cols) * rs;
    }
  }
}

export function softmax(heap: Heap, x: number, y: number, rows: number, cols: number): void {
  const f = heap.f();
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, f[x + base + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(f[x + base + j]! - m);
      f[y + base + j] = e;
      s += e;
    }
    for (let j = 0; j < cols; j++) f[y + base + j] = f[y + base + j]! / s;
  }
}

export function softmaxBackward(heap: Heap, y: number, dy: number, dx: number, rows: number, cols: number, accumulate: boolean): void {
  const f = heap.f();
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s += f[y + base + j]! * f[dy + base + j]!;
    for (let j = 0; j < cols; j++) f[dx + base + j] = (accumulate ? f[dx + base + j]! : 0) + f[y + base + j]! * (f[dy + base + j]! - s);
  }
}

export function softmaxCrossEntropy(heap: Heap, logits: number, targets: number, probs: number, rows: number, cols: number): number {
  softmax(heap, logits, probs, rows, cols);
  const f = heap.f();
  const iv = heap.i();
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const t = iv[targets + r]!;
    if (t >= 0) loss -= Math.log(Math.max(f[probs + r * cols + t]!, 1e-30));
  }
  return loss;
}

export function softmaxCrossEntropyBackward(heap: Heap, probs: number, targets: number, dLogits: number, rows: number, cols: number, scale: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let r = 0; r < rows; r++) {
    const t = iv[targets + r]!;
    if (t < 0) continue;
    for (let j = 0; j < cols; j++) f[dLogits + r * cols + j] = f[dLogits + r * cols + j]! + scale * f[probs + r * cols + j]!;
    f[dLogits + r * cols + t] = f[dLogits + r * cols + t]! - scale;
  }
}
