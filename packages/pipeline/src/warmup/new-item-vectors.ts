import type { Database } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';
import { bytesToVector } from '@fewshot/features/vector-bytes';
import type { MmlModel, NewItemVectors } from '@fewshot/model/mml';
import type { EncoderRef } from '../features/encoder-set.ts';

/** The encoders a model version was trained on, as its artifact records them (`encoderSetRecord`). */
export type EncoderRecord = Partial<Record<Modality, Omit<EncoderRef, 'modality'>>>;

/**
 * Warm-up of items a model has no row for (added after it was trained): each item's stored vectors of exactly
 * the model's encoders, then the generator's ID embedding from its features and its nearest items, and each
 * feature learner's vector. Items with no vector of any of the model's encoders cannot be placed yet and are
 * left out of the result (their features have not been computed). Reads only; serving keeps the rows.
 */
export async function newItemVectors(db: Database, model: MmlModel, encoders: EncoderRecord, itemIds: readonly number[]): Promise<Map<number, NewItemVectors>> {
  const out = new Map<number, NewItemVectors>();
  if (itemIds.length === 0) return out;
  const features = new Map<number, { text?: Float32Array; image?: Float32Array }>();
  for (const [modality, key] of [['TEXT', 'text'], ['IMAGE', 'image']] as const) {
    const encoder = encoders[modality];
    if (!encoder) continue;
    // NOTE: base64 text instead of bytea (PGlite decodes bytea's hex form in JavaScript, 9× slower).
    const rows = await db.sql.query<{ item_id: number; dimension: number; vector: string }>(
      `SELECT item_id, dimension, encode(vector, 'base64') AS vector FROM item_features
        WHERE modality = $1 AND encoder = $2 AND encoder_version = $3 AND status = 'READY' AND vector IS NOT NULL
          AND item_id = ANY($4::int[])`,
      [modality, encoder.name, encoder.version, itemIds],
    );
    for (const row of rows) {
      if (row.dimension !== encoder.dimension) throw new Error(`item ${row.item_id} has a ${row.dimension}-d ${encoder.name}@${encoder.version} vector, expected ${encoder.dimension}`);
      const item = features.get(row.item_id) ?? {};
      item[key] = bytesToVector(Buffer.from(row.vector, 'base64'), row.dimension);
      features.set(row.item_id, item);
    }
  }
  for (const [itemId, item] of features) out.set(itemId, model.newItemVectors(item));
  return out;
}
