import type { ServingModel } from './serving-model.ts';
import { topK } from './top-k.ts';

/**
 * Items most like one item: the cosine similarity of their vectors, averaged over the model's learners (ID:
 * co-interaction; text and image: content), over the active catalog. An item the model cannot place yet (no row)
 * has no neighbours.
 */
export function similarItems(model: ServingModel, itemDbId: number, first: number): Array<{ itemId: number; similarity: number }> {
  const target = model.catalog.rowOf(itemDbId);
  if (target === undefined) return [];
  const rows = model.catalog.rows;
  const D = model.catalog.hiddenSize;
  const similarity = new Float32Array(rows - 1);
  for (const name of model.learners) {
    const { vectors } = model.catalog.tables(name);
    const t = vectors.subarray(target * D, (target + 1) * D);
    const tNorm = Math.hypot(...t) || 1;
    for (let row = 1; row < rows; row++) {
      let dot = 0;
      let norm = 0;
      for (let j = 0, o = row * D; j < D; j++, o++) {
        dot += vectors[o]! * t[j]!;
        norm += vectors[o]! * vectors[o]!;
      }
      similarity[row - 1]! += dot / ((Math.sqrt(norm) || 1) * tNorm) / model.learners.length;
    }
  }
  return topK(similarity, first, (row) => row !== target && model.catalog.entry(row)?.active === true)
    .map(({ row, score }) => ({ itemId: model.catalog.entry(row)!.dbId, similarity: score }));
}
