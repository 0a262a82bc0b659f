import { Graph } from '../graph.ts';
import type { IntTensor, Tensor } from '../tensor.ts';
import { checkIds } from './check-ids.ts';

/** Elements of one block of scores (64 MiB of floats): the op holds two such blocks, whatever the catalog's size. */
export const SCORE_BLOCK_ELEMENTS = 1 << 24;

export interface ScoresCrossEntropyOptions {
  /**
   * Edits a block of scores in place before its softmax (e.g. history masking): `offset` is the block's first
   * element in the heap, `firstRow` its first row of `states`, `rows` how many rows it holds ([rows, items]).
   * Called again with the same block in backward, so it must write the same values both times.
   */
  mask?: (offset: number, firstRow: number, rows: number) => void;
  /** Elements per block of scores (tests use small ones); rows per block = max(1, floor(this / items)). */
  blockElements?: number;
}

/**
 * Softmax cross-entropy of the scores states · tableᵀ ([rows, items]) against `targets`, divided by `normalizer`:
 * what `crossEntropy(matmul(states, table, { transB: true }))` computes, without ever holding all scores. Rows go
 * through in blocks; backward computes each block's scores again instead of keeping them, so memory is two blocks
 * (about 128 MiB) for any catalog size and batch. A catalog of 20,000 items with 2,800 target rows per thread
 * needed 670 MiB per thread the other way. With one block (ML-100K's batches) the arithmetic is exactly the same.
 */
export function scoresCrossEntropy(g: Graph, states: Tensor, table: Tensor, targets: IntTensor, normalizer: number, options: ScoresCrossEntropyOptions = {}): Tensor {
  if (states.shape.length !== 2 || table.shape.length !== 2) throw new Error('scoresCrossEntropy takes 2-D states and table');
  const [rows, D] = states.shape as [number, number];
  const [items, D2] = table.shape as [number, number];
  if (D !== D2) throw new Error(`scoresCrossEntropy: states of width ${D}, table of width ${D2}`);
  if (targets.size !== rows) throw new Error(`scoresCrossEntropy: ${targets.size} targets for ${rows} rows`);
  checkIds('scoresCrossEntropy', targets, items, { negativeSkips: true });
  const blockRows = Math.max(1, Math.min(rows, Math.floor((options.blockElements ?? SCORE_BLOCK_ELEMENTS) / items)));
  const out = g.output([1], states, table); // [1]
  const scores = g.tensor([blockRows, items]); // [blockRows, items], reused by every block
  const probs = g.tensor([blockRows, items]); // [blockRows, items]
  const { kernels } = g;
  const blockScores = (first: number, count: number): void => {
    // scores = states[first : first + count] · tableᵀ, as matmul(…, { transB: true }) calls it.
    kernels.gemm(count, items, D, states.offset + first * D, D, 1, table.offset, 1, D, scores.offset, items, false, -1, g.scratch());
    options.mask?.(scores.offset, first, count);
  };
  let sum = 0;
  for (let first = 0; first < rows; first += blockRows) {
    const count = Math.min(blockRows, rows - first);
    blockScores(first, count);
    sum += kernels.softmaxCrossEntropy(scores.offset, targets.offset + first, probs.offset, count, items);
  }
  g.engine.heap.f()[out.offset] = normalizer > 0 ? sum / normalizer : 0;
  if (!out.requiresGrad || normalizer <= 0 || rows === 0) return out;
  g.onBackward(() => {
    if (!out.grad) return;
    const scale = g.engine.heap.f()[out.grad.offset]! / normalizer;
    const dStates = states.requiresGrad ? g.gradSink(states) : undefined;
    let dTable = table.requiresGrad ? g.gradSink(table) : undefined;
    // The gradient of a block's scores goes where its scores were (they are not needed once probs are known).
    const dScores = scores;
    for (let first = 0; first < rows; first += blockRows) {
      const count = Math.min(blockRows, rows - first);
      if (rows > blockRows) {
        blockScores(first, count);
        kernels.softmaxCrossEntropy(scores.offset, targets.offset + first, probs.offset, count, items);
      }
      kernels.zero(dScores.offset, count * items);
      kernels.softmaxCrossEntropyBackward(probs.offset, targets.offset + first, dScores.offset, count, items, scale);
      // dStates[block] = dScores · table; dTable (+)= dScoresᵀ · states[block] (matmul's backward, per block).
      if (dStates) kernels.gemm(count, D, items, dScores.offset, items, 1, table.offset, D, 1, dStates.offset + first * D, D, dStates.accumulate, -1, g.scratch());
      if (dTable) {
        kernels.gemm(items, D, count, dScores.offset, 1, items, states.offset + first * D, D, 1, dTable.offset, D, dTable.accumulate, -1, g.scratch());
        dTable = { ...dTable, accumulate: true };
      }
    }
  });
  return out;
}
