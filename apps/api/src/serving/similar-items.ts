import type { ServingModel } from './serving-model.ts';
import { topK } from '@fewshot/model/ranking';

/**
 * How alike each of `targets` is to each of `rows` (catalog rows): the cosine of their vectors, averaged over the
 * model's learners (ID: co-interaction; text and image: content). Entry t × rows.length + r is targets[t] against
 * rows[r]. Each row's norm is taken once, not once per pair. What similarItems ranks by and becauseOf picks with.
 */
export function similarities(model: ServingModel, targets: readonly number[], rows: readonly number[]): Float32Array {
  const D = model.catalog.hiddenSize;
  const M = model.learners.length;
  const table = new Float32Array(targets.length * rows.length);
  for (const name of model.learners) {
    const { vectors } = model.catalog.tables(name);
    const norm = (row: number) => {
      let sum = 0;
      for (let j = 0, o = row * D; j < D; j++, o++) sum += vectors[o]! * vectors[o]!;
      return Math.sqrt(sum) || 1;
    };
    const rowNorms = rows.map(norm);
    targets.forEach((target, t) => {
      const targetNorm = norm(target);
      rows.forEach((row, r) => {
        let dot = 0;
        for (let j = 0, a = target * D, b = row * D; j < D; j++) dot += vectors[a + j]! * vectors[b + j]!;
        table[t * rows.length + r]! += dot / (targetNorm * rowNorms[r]!) / M;
      });
    });
  }
  return table;
}

/** Items most like one item (`similarities`) over the active catalog. An item the model cannot place yet (no row) has no neighbours. */
export function similarItems(model: ServingModel, itemDbId: number, first: number): Array<{ itemId: number; similarity: number }> {
  const target = model.catalog.rowOf(itemDbId);
  if (target === undefined) return [];
  const similarity = similarities(model, [target], Array.from({ length: model.catalog.rows - 1 }, (_, i) => i + 1));
  return topK(similarity, first, (row) => row !== target && model.catalog.entry(row)?.active === true)
    .map(({ row, score }) => ({ itemId: model.catalog.entry(row)!.dbId, similarity: score }));
}

/**
 * For each listed row, the history row it is most like (`similarities`), among the rows the model read (the last
 * `maxLength` of the history, oldest first): a reason a person can read, "because you watched …". On a tie the more
 * recent event; null where the history holds nothing but the item itself. About 0.2 ms for 10 items and 50 events on
 * the demo catalog.
 */
export function becauseOf(model: ServingModel, listed: readonly number[], history: readonly number[]): Array<{ row: number; similarity: number } | null> {
  // Most recent first, each item once: a tie goes to the event nearer now.
  const read = [...new Set(history.slice(-model.maxLength).reverse())];
  const table = similarities(model, listed, read);
  return listed.map((row, l) => {
    let best = -1;
    for (let r = 0; r < read.length; r++) {
      if (read[r] === row) continue;
      if (best === -1 || table[l * read.length + r]! > table[l * read.length + best]!) best = r;
    }
    return best === -1 ? null : { row: read[best]!, similarity: table[l * read.length + best]! };
  });
}
