/**
 * The `k` best rows by score, best first, skipping rows `allowed` refuses: a bounded min-heap, one pass over the
 * scores (O(n log k)), no sort of the whole catalog. scores[r − 1] is row r's. Ties go to the lower row.
 */
export function topK(scores: Float32Array, k: number, allowed: (row: number) => boolean): Array<{ row: number; score: number }> {
  const rows: number[] = [];
  const values: number[] = [];
  const worse = (i: number, j: number) => values[i]! < values[j]! || (values[i] === values[j] && rows[i]! > rows[j]!);
  const swap = (i: number, j: number) => {
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    [values[i], values[j]] = [values[j]!, values[i]!];
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < rows.length && worse(l, m)) m = l;
      if (r < rows.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index]!;
    if (Number.isNaN(score)) continue;
    const row = index + 1;
    if (rows.length === k && !(score > values[0]!)) continue;
    if (!allowed(row)) continue;
    if (rows.length < k) {
      rows.push(row);
      values.push(score);
      for (let i = rows.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else {
      rows[0] = row;
      values[0] = score;
      siftDown(0);
    }
  }
  return rows.map((row, i) => ({ row, score: values[i]! })).sort((a, b) => b.score - a.score || a.row - b.row);
}

/** 1 + the servable rows that topK puts before `target`: a higher score, or the same score on a lower row. */
export function rankOf(scores: Float32Array, target: number, servable: (row: number) => boolean): number {
  const own = scores[target - 1]!;
  let before = 0;
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index]!;
    const row = index + 1;
    if (row === target || Number.isNaN(score) || !(score > own || (score === own && row < target))) continue;
    if (servable(row)) before++;
  }
  return before + 1;
}
