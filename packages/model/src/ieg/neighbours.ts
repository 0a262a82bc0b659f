import { Graph, Tensor, Workspace, ops, type Engine } from '../engine/index.ts';
import { EventLoopYielder } from '../train/event-loop-yielder.ts';
import { WorkerTeam } from '../train/parallel/worker-team.ts';

/**
 * Multiply-adds below which the search stays on the calling thread: a worker thread takes about a second to start
 * (tsx, the kernel module), more than ML-100K's whole search (1,682 items: 0.05 s).
 */
const THREADED_ABOVE_MULTIPLY_ADDS = 2e10;

/**
 * For every row of features [rows, F], the k other rows with the largest dot product (ties: lower index first),
 * as a [rows, k] table of row indices. Row 0 (padding) is never anyone's neighbour and gets none. Blocked matrix
 * products on the engine's kernels, so memory stays at one block of scores per thread; the event loop runs between
 * blocks. O(rows² · F): a large catalog's search (9,066 items with text and image vectors: 8 s on one thread,
 * 60,000: 6 min) shares its blocks among `threads` threads, each taking the next block until none is left; which
 * thread computes a block changes none of its bits.
 */
export async function nearestNeighbours(engine: Engine, features: Float32Array, featureSize: number, k: number, {
  blockRows = 256,
  threads = 1,
  threadedAbove = THREADED_ABOVE_MULTIPLY_ADDS,
  onBlocks,
}: {
  blockRows?: number;
  threads?: number;
  /** Multiply-adds (rows² · F) above which helper threads start. */
  threadedAbove?: number;
  /** How many blocks each thread took, the calling thread's first (how the work was shared). */
  onBlocks?: (blocksPerThread: number[]) => void;
} = {}): Promise<Int32Array> {
  const rows = features.length / featureSize;
  if (!Number.isInteger(rows)) throw new Error(`feature table of ${features.length} values is not a whole number of ${featureSize}-d rows`);
  if (rows - 1 <= k) throw new Error(`${k} neighbours need more than ${k + 1} items, got ${rows - 1}`);
  const workspace = new Workspace(engine);
  const g = new Graph(workspace, { training: false, noGrad: true });
  const helpers = engine.shared && threads > 1 && rows * rows * featureSize > threadedAbove
    ? await WorkerTeam.start(new URL('./neighbours-worker.ts', import.meta.url), Array.from({ length: threads - 1 }, () => ({ handle: engine.shared })))
    : undefined;
  try {
    const table = g.constant(features, [rows, featureSize]); // [rows, F], in the heap every thread shares
    const job: NeighbourBlocks = {
      table: table.offset, rows, featureSize, k, blockRows,
      next: new Int32Array(new SharedArrayBuffer(4)),
      out: new Int32Array(new SharedArrayBuffer(rows * k * 4)),
    };
    const helped = helpers ? Promise.all(Array.from({ length: helpers.size }, (_, i) => helpers.request<number>(i, job))) : Promise.resolve([]);
    helped.catch(() => undefined); // a helper's failure is awaited below, after this thread's blocks

    const yielder = new EventLoopYielder();
    let taken = 0;
    for (let block = takeBlock(job); block !== null; block = takeBlock(job), taken++) {
      searchBlock(engine, workspace, job, block);
      await yielder.maybeYield();
    }
    onBlocks?.([taken, ...(await helped)]);
    return Int32Array.from(job.out);
  } finally {
    await helpers?.close();
    g.dispose();
    workspace.release();
  }
}

/** One neighbour search shared between threads: the table's offset in the shared heap, a block counter, the output. */
export interface NeighbourBlocks {
  table: number;
  rows: number;
  featureSize: number;
  k: number;
  blockRows: number;
  /** The next block to take (Atomics.add): every thread takes blocks until none is left. */
  next: Int32Array;
  /** [rows, k] neighbour indices (row 0 stays zeros). */
  out: Int32Array;
}

/** Claims the next block of rows of a search for this thread, or null when every block is taken. */
export function takeBlock(job: NeighbourBlocks): number | null {
  const block = Atomics.add(job.next, 0, 1);
  return 1 + block * job.blockRows < job.rows ? block : null;
}

/** Writes the k best of every row of one block into `out`: one block of scores [b, rows] in this thread's arena. */
export function searchBlock(engine: Engine, workspace: Workspace, job: NeighbourBlocks, block: number): void {
  const { rows, featureSize: F, k, blockRows } = job;
  const start = 1 + block * blockRows;
  const end = Math.min(rows, start + blockRows);
  const g = new Graph(workspace, { training: false, noGrad: true });
  try {
    const all = new Tensor(engine.heap, [rows, F], job.table);
    const rowsOfBlock = new Tensor(engine.heap, [end - start, F], job.table + start * F); // [b, F], read in place
    const scores = ops.matmul(g, rowsOfBlock, all, { transB: true }).data; // [b, rows]
    for (let r = start; r < end; r++) job.out.set(topK(scores.subarray((r - start) * rows, (r - start + 1) * rows), k, r), r * k);
  } finally {
    g.dispose();
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
