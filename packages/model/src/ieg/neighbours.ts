import { Graph, Workspace, ops, type Engine } from '../engine/index.ts';
import { EventLoopYielder } from '../train/event-loop-yielder.ts';

/**
 * For every row of features [rows, F], the k other rows with the largest dot product (ties: lower index first),
 * as a [rows, k] table of row indices. Row 0 (padding) is never anyone's neighbour and gets none. Blocked matrix
 * products on the engine's kernels, so memory stays at one block of scores; the event loop runs between blocks
 * (the whole search takes seconds on a catalog of thousands of items with image features).
 */
export async function nearestNeighbours(engine: Engine, features: Float32Array, featureSize: number, k: number, { blockRows = 256 } = {}): Promise<Int32Array> {
  const rows = features.length / featureSize;
  if (!Number.isInteger(rows)) throw new Error(`feature table of ${features.length} values is not a whole number of ${featureSize}-d rows`);
  if (rows - 1 <= k) throw new Error(`${k} neighbours need more than ${k + 1} items, got ${rows - 1}`);
  const out = new Int32Array(rows * k);
  const workspace = new Workspace(engine);
  const g = new Graph(workspace, { training: false, noGrad: true });
  try {
    const all = g.constant(features, [rows, featureSize]); // [rows, F]
    const yielder = new EventLoopYielder();
    for (let start = 1; start < rows; start += blockRows) {
      await yielder.maybeYield();
      const end = Math.min(rows, start + blockRows);
      // A graph per block, disposed before the next, so only one block of scores is ever in the arena.
      const blockGraph = new Graph(workspace, { training: false, noGrad: true });
      try {
        const block = blockGraph.constant(features.subarray(start * featureSize, end * featureSize), [end - start, featureSize]); // [b, F]
        const scores = ops.matmul(blockGraph, block, all, { transB: true }).data; // [b, rows]
        for (let r = start; r < end; r++) {
          out.set(topK(scores.subarray((r - start) * rows, (r - start + 1) * rows), k, r), r * k);
        }
      } finally {
        blockGraph.dispose();
      }
    }
    return out;
  } finally {
    g.dispose();
    workspace.release();
  }
}

/** The k best indices of one score row, skipping index 0 and `self`; ties go to the lower index. */
export function topK(scores: ArrayLike<number>, k: number, self: number): Int32Array {
  const best = new Int32Array(k).fill(-1);
  const values = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  for (let j = 1; j < scores.length; j++) {
    if (j === self) continue;
    const s = scores[j]!;
    if (s <= values[k - 1]! && best[k - 1] !== -1) continue;
    let at = k - 1;
    while (at > 0 && (values[at - 1]! < s || best[at - 1] === -1)) {
      values[at] = values[at - 1]!;
      best[at] = best[at - 1]!;
      at--;
    }
    values[at] = s;
    best[at] = j;
  }
  return best;
}

/**
 * The k rows of features [rows, F] with the largest dot product with one query vector (a brand-new item), never
 * row 0 (padding) nor `exclude` (the item itself, when it already has a row).
 */
export function nearestToVector(features: ArrayLike<number>, featureSize: number, query: ArrayLike<number>, k: number, exclude = -1): Int32Array {
  const rows = features.length / featureSize;
  if (query.length !== featureSize) throw new Error(`a ${query.length}-d query against ${featureSize}-d features`);
  const scores = new Float64Array(rows);
  for (let r = 1; r < rows; r++) {
    let s = 0;
    const base = r * featureSize;
    for (let j = 0; j < featureSize; j++) s += features[base + j]! * query[j]!;
    scores[r] = s;
  }
  return topK(scores, k, exclude);
}
