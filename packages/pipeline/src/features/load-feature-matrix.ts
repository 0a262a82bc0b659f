import type { SqlExecutor } from '@fewshot/db';
import type { EncoderRef } from './encoder-set.ts';
import { loadFeatureVectors } from './load-feature-vectors.ts';

export interface FeatureMatrix {
  encoder: EncoderRef;
  /** Row-major [itemIds.length, encoder.dimension], rows in the order of the given item ids. */
  matrix: Float32Array;
  /** 1 where the item has a READY vector; its row is zeros otherwise (MML treats a missing feature as zeros). */
  present: Uint8Array;
}

/**
 * One modality's feature table aligned to a model's item index: what the text/image learners and the item
 * embedding generator take (packages/model works on matrices, never on the database).
 */
export async function loadFeatureMatrix(sql: SqlExecutor, encoder: EncoderRef, itemIds: readonly number[]): Promise<FeatureMatrix> {
  const vectors = await loadFeatureVectors(sql, encoder);
  const matrix = new Float32Array(itemIds.length * encoder.dimension);
  const present = new Uint8Array(itemIds.length);
  itemIds.forEach((id, row) => {
    const vector = vectors.get(id);
    if (!vector) return;
    matrix.set(vector, row * encoder.dimension);
    present[row] = 1;
  });
  return { encoder, matrix, present };
}
