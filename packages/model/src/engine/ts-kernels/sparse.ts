import type { Heap } from '../heap.ts';

export function gather(heap: Heap, table: number, ids: number, out: number, n: number, cols: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let r = 0; r < n; r++) {
    const src = table + iv[ids + r]! * cols;
    f.copyWithin(out + r * cols, src, src + cols);
  }
}

export function scatterAdd(heap: Heap, dOut: number, ids: number, dTable: number, n: number, cols: number, marks: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let r = 0; r < n; r++) {
    const id = iv[ids + r]!;
    for (let j = 0; j < cols; j++) f[dTable + id * cols + j] = f[dTable + id * cols + j]! + f[dOut + r * cols + j]!;
    if (marks >= 0) iv[marks + id] = 1;
  }
}

export function clearRows(heap: Heap, grad: number, cols: number, marks: number, rowStart: number, rowEnd: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let row = rowStart; row < rowEnd; row++) {
    if (!iv[marks + row]) continue;
    f.fill(0, grad + row * cols, grad + (row + 1) * cols);
    iv[marks + row] = 0;
  }
}

export function accumulateRows(heap: Heap, src: number, dst: number, cols: number, srcMarks: number, dstMarks: number, rowStart: number, rowEnd: number): void {
  const f = heap.f();
  const iv = heap.i();
  for (let row = rowStart; row < rowEnd; row++) {
    if (!iv[srcMarks + row]) continue;
    for (let j = 0; j < cols; j++) {
      f[dst + row * cols + j] = f[dst + row * cols + j]! + f[src + row * cols + j]!;
      f[src + row * cols + j] = 0;
    }
    iv[srcMarks + row] = 0;
    iv[dstMarks + row] = 1;
  }
}
