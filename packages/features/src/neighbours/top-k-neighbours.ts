import { OnnxSession, ort } from '@fewshot/onnx/session';
import { writeOnnxModel } from '@fewshot/onnx/writer';

export interface TopKNeighboursOptions {
  /** Neighbours per row. */
  k: number;
  /** Query rows per matrix product; default keeps a block's score matrix near 64 MB. */
  blockRows?: number;
}

/** Row-major [rows, k]: neighbour row indices (-1 when fewer than k other rows exist) and their dot products. */
export interface TopKNeighbours {
  k: number;
  indices: Int32Array;
  scores: Float32Array;
}

/**
 * For every row of `matrix` ([rows, dim], row-major), the k other rows with the largest dot product.
 * Blocked: each block of query rows is one matrix product against all rows (Gemm, transB) followed by TopK,
 * run by onnxruntime's multi-threaded CPU kernels, so memory stays at one block of scores and no per-pair loop
 * runs in JavaScript. Ties are broken by lower row index (ONNX TopK is stable in that sense).
 */
export async function topKNeighbours(matrix: Float32Array, dim: number, { k, blockRows }: TopKNeighboursOptions): Promise<TopKNeighbours> {
  if (dim <= 0 || matrix.length % dim !== 0) throw new Error(`matrix of ${matrix.length} values is not a whole number of ${dim}-d rows`);
  const rows = matrix.length / dim;
  const indices = new Int32Array(rows * k).fill(-1);
  const scores = new Float32Array(rows * k).fill(Number.NEGATIVE_INFINITY);
  const take = Math.min(k + 1, rows); // +1: a row is usually its own best match and is dropped below
  if (rows < 2 || k <= 0) return { k, indices, scores };

  const block = Math.max(1, blockRows ?? Math.min(1024, Math.floor((16 * 1024 * 1024) / rows)));
  const session = await OnnxSession.open(topKGraph());
  try {
    const keys = new ort.Tensor('float32', matrix, [rows, dim]);
    const kTensor = new ort.Tensor('int64', BigInt64Array.from([BigInt(take)]), [1]);
    for (let start = 0; start < rows; start += block) {
      const end = Math.min(rows, start + block);
      const queries = new ort.Tensor('float32', matrix.subarray(start * dim, end * dim), [end - start, dim]);
      const result = await session.run({ queries, keys, k: kTensor });
      const values = result.values?.data as Float32Array;
      const found = result.indices?.data as BigInt64Array;
      for (let r = 0; r < end - start; r++) {
        const row = start + r;
        let written = 0;
        for (let j = 0; j < take && written < k; j++) {
          const neighbour = Number(found[r * take + j]);
          if (neighbour === row) continue;
          indices[row * k + written] = neighbour;
          scores[row * k + written] = values[r * take + j] as number;
          written++;
        }
      }
    }
  } finally {
    await session.release();
  }
  return { k, indices, scores };
}

let graph: Uint8Array | undefined;

/** scores = queries · keysᵀ ([b, n]); values, indices = TopK(scores, k) along n. */
function topKGraph(): Uint8Array {
  graph ??= writeOnnxModel({
    name: 'blocked-top-k',
    opset: 13,
    inputs: [
      { name: 'queries', elemType: 'float', shape: ['b', 'd'] },
      { name: 'keys', elemType: 'float', shape: ['n', 'd'] },
      { name: 'k', elemType: 'int64', shape: [1] },
    ],
    outputs: [
      { name: 'values', elemType: 'float', shape: ['b', 'k'] },
      { name: 'indices', elemType: 'int64', shape: ['b', 'k'] },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['queries', 'keys'], outputs: ['scores'], attributes: { transB: { int: 1 } } },
      { op: 'TopK', inputs: ['scores', 'k'], outputs: ['values', 'indices'], attributes: { axis: { int: -1 }, largest: { int: 1 }, sorted: { int: 1 } } },
    ],
  });
  return graph;
}
