import type { Heap } from '../heap.ts';
import { dropout } from './dropout.ts';
import { layerNorm } from './normalization.ts';

export function residualNorm(heap: Heap, x: number, residual: number, mask: number, sum: number, gamma: number, beta: number, y: number, mean: number, rstd: number,
  rows: number, cols: number, eps: number, p: number, key: number, counterBase: number): void {
  const n = rows * cols;
  const f = heap.f();
  if (p > 0) dropout(heap, x, sum, mask, n, p, key, counterBase);
  else f.copyWithin(sum, x, x + n);
  if (residual >= 0) for (let i = 0; i < n; i++) f[sum + i] = f[sum + i]! + f[residual + i]!;
  layerNorm(heap, sum, gamma, beta, y, mean, rstd, rows, cols, eps);
}

export function residualNormBackward(heap: Heap, dy: number, sum: number, gamma: number, mean: number, rstd: number, mask: number, dx: number, dResidual: number,
  dGamma: number, dBeta: number, rows: number, cols: number, accumulateX: boolean, accumulateResidual: boolean): void {
  const f = heap.f();
  const d = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const mu = f[mean + r]!;
    const rs = f[rstd + r]!;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < cols; j++) {
      const xh = (f[sum + base + j]! - mu) * rs;
      const g = f[dy + base + j]! * f[gamma + j]!;
      s1 += g;
      s2 += g * xh;
      if (dGamma >= 0) f[dGamma + j] = f[dGamma + j]! + f[dy + base + j]! * xh;
      if (dBeta >= 0) f[dBeta + j] = f[dBeta + j]! + f[dy + base + j]!;
    }
    for (let j = 0; j < cols; j++) {
      const xh = (f[sum + base + j]! - mu) * rs;
      d[j] = (f[dy + base + j]! * f[gamma + j]! - s1 / cols - xh * s2 / cols) * rs;
    }
    for (let j = 0; j < cols; j++) {
      const v = d[j]!;
      const o = base + j;
      if (dResidual >= 0) f[dResidual + o] = (accumulateResidual ? f[dResidual + o]! : 0) + v;
      if (dx >= 0) f[dx + o] = (accumulateX ? f[dx + o]! : 0) + (mask >= 0 ? v * f[mask + o]! : v);
    }
  }
}
