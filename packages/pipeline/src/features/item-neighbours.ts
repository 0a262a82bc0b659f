import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@fewshot/db';
import { concatFeatures, topKNeighbours } from '@fewshot/features/neighbours';
import { encoderSetKey, sortEncoderSet, type EncoderRef } from './encoder-set.ts';
import { featureFingerprint, loadFeatureVectors } from './load-feature-vectors.ts';

export interface ItemNeighboursOptions {
  /** The encoder set (one per modality) whose concatenated vectors define similarity. */
  encoders: readonly EncoderRef[];
  /** Neighbours per item (the generator uses 5–10). */
  k: number;
  /** Scale each modality's vector to unit length before concatenating (see concatFeatures). Default true. */
  normalize?: boolean;
}

export interface ItemNeighbours {
  encoderSet: string;
  k: number;
  /** Items that have at least one vector in the set; row r of the arrays below is itemIds[r]. */
  itemIds: Int32Array;
  /** [itemIds.length, k] neighbour item ids, best first; -1 pads when fewer exist. */
  neighbourIds: Int32Array;
  /** [itemIds.length, k] dot products of the concatenated features. */
  scores: Float32Array;
  fromCache: boolean;
}

/**
 * Top-K items by dot product of concatenated features, for the item embedding generator (MML stage 2).
 * Cached in the database (item_neighbour_sets, one row per encoder set and normalization) so every replica reuses
 * one computation, while the stored vectors are unchanged (checked by a fingerprint of the item_features rows, so
 * a cache hit reads no vectors). Two processes computing the same set at once both succeed; the last write stays.
 */
export async function itemNeighbours(sql: SqlExecutor, options: ItemNeighboursOptions): Promise<ItemNeighbours> {
  const { k, normalize = true } = options;
  const encoders = sortEncoderSet(options.encoders);
  const encoderSet = encoderSetKey(encoders);
  const fingerprints = await Promise.all(encoders.map((encoder) => featureFingerprint(sql, encoder)));
  const inputHash = sha256(JSON.stringify([encoderSet, normalize, fingerprints]));

  const cached = await readNeighbourSet(sql, encoderSet, normalize, inputHash, k);
  if (cached) return { encoderSet, k, itemIds: cached.itemIds, ...firstK(cached.neighbourIds, cached.scores, cached.k, k), fromCache: true };

  const blocks = await Promise.all(encoders.map(async (encoder) => ({ dimension: encoder.dimension, vectors: await loadFeatureVectors(sql, encoder) })));
  const features = concatFeatures(blocks, { normalize });
  const top = await topKNeighbours(features.matrix, features.dimension, { k });
  const itemIds = Int32Array.from(features.itemIds);
  const neighbourIds = top.indices.map((row) => (row < 0 ? -1 : (itemIds[row] as number)));
  // A row computed from the same inputs with a larger k is kept (it answers this k too); anything else is replaced.
  await sql.query(
    `INSERT INTO item_neighbour_sets (encoder_set, normalize, input_hash, k, items, item_ids, neighbour_ids, scores)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (encoder_set, normalize) DO UPDATE
       SET input_hash = EXCLUDED.input_hash, k = EXCLUDED.k, items = EXCLUDED.items, item_ids = EXCLUDED.item_ids,
           neighbour_ids = EXCLUDED.neighbour_ids, scores = EXCLUDED.scores, created_at = CURRENT_TIMESTAMP
       WHERE item_neighbour_sets.input_hash <> EXCLUDED.input_hash OR item_neighbour_sets.k <= EXCLUDED.k`,
    [encoderSet, normalize, inputHash, k, itemIds.length, littleEndian(itemIds), littleEndian(neighbourIds), littleEndian(top.scores)],
  );
  return { encoderSet, k, itemIds, neighbourIds, scores: top.scores, fromCache: false };
}

interface StoredNeighbours {
  k: number;
  itemIds: Int32Array;
  neighbourIds: Int32Array;
  scores: Float32Array;
}

/** The stored set when it was computed from these inputs with at least `k` neighbours, else null. */
async function readNeighbourSet(sql: SqlExecutor, encoderSet: string, normalize: boolean, inputHash: string, k: number): Promise<StoredNeighbours | null> {
  // NOTE: base64 text instead of bytea: PGlite parses bytea's hex form in JavaScript, far slower than Buffer's
  // native base64 decoding; PostgreSQL gives the same bytes either way.
  const [row] = await sql.query<{ k: number; items: number; item_ids: string; neighbour_ids: string; scores: string }>(
    `SELECT k, items, encode(item_ids, 'base64') AS item_ids, encode(neighbour_ids, 'base64') AS neighbour_ids,
            encode(scores, 'base64') AS scores
       FROM item_neighbour_sets WHERE encoder_set = $1 AND normalize = $2 AND input_hash = $3 AND k >= $4`,
    [encoderSet, normalize, inputHash, k],
  );
  if (!row) return null;
  const stored = Number(row.k);
  const n = Number(row.items);
  const itemIds = int32s(Buffer.from(row.item_ids, 'base64'));
  const neighbourIds = int32s(Buffer.from(row.neighbour_ids, 'base64'));
  const scores = float32s(Buffer.from(row.scores, 'base64'));
  // A row of another shape (written by a different layout) is treated as absent and recomputed.
  if (itemIds.length !== n || neighbourIds.length !== n * stored || scores.length !== n * stored) return null;
  return { k: stored, itemIds, neighbourIds, scores };
}

function littleEndian(array: Int32Array | Float32Array): Buffer {
  const bytes = Buffer.alloc(array.byteLength);
  if (array instanceof Int32Array) array.forEach((value, i) => bytes.writeInt32LE(value, i * 4));
  else array.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes;
}

function int32s(bytes: Buffer): Int32Array {
  const out = new Int32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32LE(i * 4);
  return out;
}

function float32s(bytes: Buffer): Float32Array {
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}
function firstK(ids: Int32Array, scores: Float32Array, stored: number, k: number): { neighbourIds: Int32Array; scores: Float32Array } {
  if (stored === k) return { neighbourIds: ids, scores };
  const rows = ids.length / stored;
  const outIds = new Int32Array(rows * k);
  const outScores = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    outIds.set(ids.subarray(r * stored, r * stored + k), r * k);
    outScores.set(scores.subarray(r * stored, r * stored + k), r * k);
  }
  return { neighbourIds: outIds, scores: outScores };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
