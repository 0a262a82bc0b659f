// Embedding lookup and its row-sparse gradient. A table's gradient is a dense buffer of which only touched rows
// are non-zero; `marks` (one i32 per row) records which, so the optimiser and the next zeroing visit those rows
// alone (lazy Adam at a 50k vocabulary). marks == 0 means "do not track".
import { axpy } from './elementwise';

/** out[r, :] = table[ids[r], :] */
export function gather(table: usize, ids: usize, out: usize, n: i32, cols: i32): void {
  const bytes = <usize>cols << 2;
  for (let r = 0; r < n; r++) {
    const id = <usize>load<i32>(ids + (<usize>r << 2));
    memory.copy(out + <usize>r * bytes, table + id * bytes, bytes);
  }
}

/** dTable[ids[r], :] += dOut[r, :], setting marks[ids[r]] = 1 when marks != 0 (row tracking). */
export function scatterAdd(dOut: usize, ids: usize, dTable: usize, n: i32, cols: i32, marks: usize): void {
  const bytes = <usize>cols << 2;
  for (let r = 0; r < n; r++) {
    const id = load<i32>(ids + (<usize>r << 2));
    axpy(dTable + <usize>id * bytes, dOut + <usize>r * bytes, 1, cols);
    if (marks != 0) store<i32>(marks + (<usize>id << 2), 1);
  }
}

/**
 * The first marked row at or after `row` (rowEnd if none). Callers walk marked rows in order, so memory is read
 * sequentially, and four marks are tested at once so unmarked stretches of a 50k-row table cost almost nothing.
 */
// @ts-ignore: decorator
@inline export function nextMarked(marks: usize, row: i32, rowEnd: i32): i32 {
  while (row + 4 <= rowEnd && !v128.any_true(v128.load(marks + (<usize>row << 2)))) row += 4;
  while (row < rowEnd && load<i32>(marks + (<usize>row << 2)) == 0) row++;
  return row;
}

/** Zeroes the marked rows of grad in [rowStart, rowEnd) and their marks. */
export function clearRows(grad: usize, cols: i32, marks: usize, rowStart: i32, rowEnd: i32): void {
  const bytes = <usize>cols << 2;
  for (let row = nextMarked(marks, rowStart, rowEnd); row < rowEnd; row = nextMarked(marks, row + 1, rowEnd)) {
    memory.fill(grad + <usize>row * bytes, 0, bytes);
    store<i32>(marks + (<usize>row << 2), 0);
  }
}

/**
 * Data-parallel reduction of a row-sparse gradient over rows [rowStart, rowEnd): dst[row] += src[row] for every
 * row src marked, marking it in dst; src's rows are zeroed and unmarked.
 */
export function accumulateRows(src: usize, dst: usize, cols: i32, srcMarks: usize, dstMarks: usize, rowStart: i32, rowEnd: i32): void {
  const bytes = <usize>cols << 2;
  for (let row = nextMarked(srcMarks, rowStart, rowEnd); row < rowEnd; row = nextMarked(srcMarks, row + 1, rowEnd)) {
    const o = <usize>row * bytes;
    axpy(dst + o, src + o, 1, cols);
    memory.fill(src + o, 0, bytes);
    store<i32>(srcMarks + (<usize>row << 2), 0);
    store<i32>(dstMarks + (<usize>row << 2), 1);
  }
}
