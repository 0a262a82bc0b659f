import type { Heap } from '../heap.ts';

/** Reference gemm: C = (accumulate ? C : 0) + A·B (+ bias), plain loops in the heap's precision. */
export function gemm(heap: Heap, M: number, N: number, K: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
  c: number, ldc: number, accumulate: boolean, bias: number, colSums = -1): void {
  const f = heap.f();
  if (colSums >= 0) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += f[b + k * rsB + j * csB]!;
      f[colSums + j] = f[colSums + j]! + s;
    }
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += f[a + i * rsA + k * csA]! * f[b + k * rsB + j * csB]!;
      if (bias >= 0) s += f[bias + j]!;
      const o = c + i * ldc + j;
      f[o] = accumulate ? f[o]! + s : s;
    }
  }
}

export function add(heap: Heap, a: number, b: number, out: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[out + i] = f[a + i]! + f[b + i]!;
}

export function axpy(heap: Heap, dst: number, src: number, alpha: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[dst + i] = f[dst + i]! + alpha * f[src + i]!;
}

export function scale(heap: Heap, x: number, alpha: number, n: number): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[x + i] = f[x + i]! * alpha;
}

export function addBias(heap: Heap, y: number, bias: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) axpy(heap, y + r * cols, bias, 1, cols);
}

export function biasGrad(heap: Heap, dy: number, dBias: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) axpy(heap, dBias, dy + r * cols, 1, cols);
}

export function rowDot(heap: Heap, a: number, b: number, out: number, rows: number, cols: number): void {
  const f = heap.f();
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += f[a + r * cols + j]! * f[b + r * cols + j]!;
    f[out + r] = s;
  }
}

export function rowDotBackward(heap: Heap, g: number, a: number, b: number, da: number, db: number, rows: number, cols: number, accumulateA: boolean, accumulateB: boolean): void {
  const f = heap.f();
  if (da >= 0 && !accumulateA) f.fill(0, da, da + rows * cols);
  if (db >= 0 && !accumulateB) f.fill(0, db, db + rows * cols);
  for (let r = 0; r < rows; r++) {
    const gr = f[g + r]!;
    if (da >= 0) axpy(heap, da + r * cols, b + r * cols, gr, cols);
    if (db >= 0) axpy(heap, db + r * cols, a + r * cols, gr, cols);
  }
}

export function mulInto(heap: Heap, dy: number, scale: number, dx: number, n: number, accumulate: boolean): void {
  const f = heap.f();
  for (let i = 0; i < n; i++) f[dx + i] = (accumulate ? f[dx + i]! : 0) + f[dy + i]! * f[scale + i]!;
}
