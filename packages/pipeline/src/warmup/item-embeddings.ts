import type { Database } from '@fewshot/db';
import { bytesToVector, vectorToBytes } from '@fewshot/features/vector-bytes';
import type { NewItemVectors } from '@fewshot/model/mml';

/** One item's stored warm-up vectors (item_embeddings) for a model version. */
export interface ItemEmbedding {
  itemId: number;
  vectors: NewItemVectors;
  /** When they were last written: a replica that read up to here asks for `updatedSince` this time next. */
  updatedAt: Date;
}

export interface LoadItemEmbeddingsOptions {
  /** Only these items (default: every item the version has a row for). */
  itemIds?: readonly number[];
  /**
   * Only rows written at or after this time (inclusive: a row written in the same millisecond as the last one read
   * is read again rather than missed; reading a row twice changes nothing).
   */
  updatedSince?: Date;
}

/**
 * The warm-up vectors a worker stored for a version (warmUpItems), for serving: every replica reads them when it
 * loads the version and when a warm-up finishes. Computes nothing. Ordered by item id.
 */
export async function loadItemEmbeddings(db: Database, versionId: number, options: LoadItemEmbeddingsOptions = {}): Promise<ItemEmbedding[]> {
  if (options.itemIds && options.itemIds.length === 0) return [];
  const params: unknown[] = [versionId];
  const where = ['model_version_id = $1'];
  if (options.itemIds) {
    params.push([...options.itemIds]);
    where.push(`item_id = ANY($${params.length}::int[])`);
  }
  if (options.updatedSince) {
    params.push(options.updatedSince);
    where.push(`updated_at >= $${params.length}`);
  }
  // NOTE: base64 text instead of bytea (PGlite decodes bytea's hex form in JavaScript, 9× slower).
  const rows = await db.sql.query<{ item_id: number; id_vector: string | null; text_vector: string | null; image_vector: string | null; neighbours: string | null; updated_at: Date | string }>(
    `SELECT item_id, encode(id_vector, 'base64') AS id_vector, encode(text_vector, 'base64') AS text_vector,
            encode(image_vector, 'base64') AS image_vector, encode(neighbours, 'base64') AS neighbours, updated_at
       FROM item_embeddings WHERE ${where.join(' AND ')} ORDER BY item_id`,
    params,
  );
  return rows.map((row) => {
    const vectors: NewItemVectors = {};
    if (row.id_vector !== null) vectors.id = bytesToVector(Buffer.from(row.id_vector, 'base64'));
    if (row.neighbours !== null) vectors.neighbours = int32sFromBytes(Buffer.from(row.neighbours, 'base64'));
    if (row.text_vector !== null) vectors.text = bytesToVector(Buffer.from(row.text_vector, 'base64'));
    if (row.image_vector !== null) vectors.image = bytesToVector(Buffer.from(row.image_vector, 'base64'));
    return { itemId: Number(row.item_id), vectors, updatedAt: new Date(row.updated_at) };
  });
}

/** The columns of an item_embeddings row: float32 vectors and int32 neighbours, little-endian; null where absent. */
export function embeddingColumns(vectors: NewItemVectors): [Buffer | null, Buffer | null, Buffer | null, Buffer | null] {
  return [
    vectors.id ? vectorToBytes(vectors.id) : null,
    vectors.text ? vectorToBytes(vectors.text) : null,
    vectors.image ? vectorToBytes(vectors.image) : null,
    vectors.neighbours ? int32sToBytes(vectors.neighbours) : null,
  ];
}

function int32sToBytes(values: Int32Array): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => bytes.writeInt32LE(value, i * 4));
  return bytes;
}

function int32sFromBytes(bytes: Buffer): Int32Array {
  if (bytes.length % 4 !== 0) throw new Error(`stored neighbours have ${bytes.length} bytes, not a multiple of 4`);
  const out = new Int32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt32LE(i * 4);
  return out;
}
