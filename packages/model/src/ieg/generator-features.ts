/** One modality's feature table aligned to item indices: [numItems + 1, size], zero rows where missing. */
export interface FeatureTableInput {
  size: number;
  table: Float32Array;
}

/**
 * a_i = concat(text_i, image_i): each block scaled to unit length first, so no modality dominates the dot product
 * by its scale (raw MobileNet vectors have norms of 10–30, sentence vectors 1). Missing blocks stay zero.
 */
export function generatorFeatures(blocks: readonly FeatureTableInput[], rows: number): { size: number; table: Float32Array } {
  const size = blocks.reduce((sum, b) => sum + b.size, 0);
  const table = new Float32Array(rows * size);
  let column = 0;
  for (const block of blocks) {
    if (block.table.length !== rows * block.size) throw new Error(`feature table of ${block.table.length} values for ${rows} rows of ${block.size}`);
    for (let r = 0; r < rows; r++) normalizeInto(block.table.subarray(r * block.size, (r + 1) * block.size), table, r * size + column);
    column += block.size;
  }
  return { size, table };
}

/** Writes v / ‖v‖ at `offset` of out (zeros stay zeros). */
export function normalizeInto(v: Float32Array, out: Float32Array, offset: number): void {
  let norm = 0;
  for (let j = 0; j < v.length; j++) norm += v[j]! * v[j]!;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let j = 0; j < v.length; j++) out[offset + j] = v[j]! * scale;
}
