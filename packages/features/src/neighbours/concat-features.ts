import { l2NormalizeInPlace } from '../encoders/l2-normalize.ts';

/** One modality's vectors for the items that have one (a missing vector counts as zeros). */
export interface FeatureBlock {
  dimension: number;
  vectors: ReadonlyMap<number, Float32Array>;
}

export interface ConcatenatedFeatures {
  /** Items with at least one vector, in the order of the rows. */
  itemIds: number[];
  /** Row-major [itemIds.length, dimension]. */
  matrix: Float32Array;
  dimension: number;
}

/**
 * a_i = concat(text_i, image_i, …), the generator's input (mml-method.md, stage 2). With `normalize` (default),
 * each block is scaled to unit length first: raw MobileNet features have norms around 10–30 while USE vectors
 * have norm 1, so without it the dot product would be the image similarity alone. Items with no vector in any
 * block are left out (a zero row would tie with everything).
 */
export function concatFeatures(blocks: readonly FeatureBlock[], { normalize = true } = {}): ConcatenatedFeatures {
  const ids = new Set<number>();
  for (const block of blocks) for (const id of block.vectors.keys()) ids.add(id);
  const itemIds = [...ids].sort((a, b) => a - b);
  const dimension = blocks.reduce((sum, block) => sum + block.dimension, 0);
  const matrix = new Float32Array(itemIds.length * dimension);
  itemIds.forEach((id, row) => {
    let offset = row * dimension;
    for (const block of blocks) {
      const vector = block.vectors.get(id);
      if (vector) {
        if (vector.length !== block.dimension) throw new Error(`item ${id}: vector of ${vector.length} values in a ${block.dimension}-d block`);
        const target = matrix.subarray(offset, offset + block.dimension);
        target.set(vector);
        if (normalize) l2NormalizeInPlace(target);
      }
      offset += block.dimension;
    }
  });
  return { itemIds, matrix, dimension };
}
