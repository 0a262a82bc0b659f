import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqlExecutor } from '@fewshot/db';
import { bytesToVector } from '@fewshot/features/vector-bytes';
import type { EncoderRef } from './encoder-set.ts';

/** Vectors read per query: one query's rows are parsed in one go on the caller's thread (PGlite runs in it too). */
const VECTORS_PER_QUERY = 500;

/**
 * The READY vectors of exactly one encoder version, by item id. Reading by (modality, name, version) is what keeps
 * training and serving from mixing vectors of two encoder versions.
 *
 * Read a page of items at a time, letting the event loop run between pages: in one query, the demo catalog's image
 * vectors held the embedded api's event loop for 3.7 s at the start of every training (no request answered meanwhile).
 */
export async function loadFeatureVectors(sql: SqlExecutor, encoder: EncoderRef, { perQuery = VECTORS_PER_QUERY } = {}): Promise<Map<number, Float32Array>> {
  const where = `modality = $1 AND encoder = $2 AND encoder_version = $3 AND status = 'READY' AND vector IS NOT NULL`;
  const params = [encoder.modality, encoder.name, encoder.version];
  const ids = (await sql.query<{ item_id: number }>(`SELECT item_id FROM item_features WHERE ${where} ORDER BY item_id`, params)).map((row) => row.item_id);
  const vectors = new Map<number, Float32Array>();
  for (let start = 0; start < ids.length; start += perQuery) {
    if (start > 0) await nextTurn();
    const last = ids[Math.min(ids.length, start + perQuery) - 1]!;
    // NOTE: base64 text instead of bytea: PGlite parses bytea's hex form in JavaScript, 9× slower than Buffer's
    // native base64 decoding (1.7 s vs 0.2 s for ML-100K's image vectors); PostgreSQL gives the same bytes either way.
    // A range of item ids, not OFFSET: each page reads its own rows only (the unique index leads with item_id).
    const rows = await sql.query<{ item_id: number; dimension: number; vector: string }>(
      `SELECT item_id, dimension, encode(vector, 'base64') AS vector FROM item_features
        WHERE ${where} AND item_id >= $4 AND item_id <= $5 ORDER BY item_id`,
      [...params, ids[start]!, last],
    );
    for (const row of rows) {
      if (row.dimension !== encoder.dimension) {
        throw new Error(`item ${row.item_id} has a ${row.dimension}-d ${encoder.name}@${encoder.version} vector, expected ${encoder.dimension}`);
      }
      vectors.set(row.item_id, bytesToVector(Buffer.from(row.vector, 'base64'), row.dimension));
    }
  }
  return vectors;
}

/**
 * A cheap fingerprint of one encoder version's READY vectors (count, ids, newest write, total bytes): any insert,
 * delete or re-computation changes it, since every write sets created_at. Lets a cache be validated without
 * reading the vectors.
 */
export async function featureFingerprint(sql: SqlExecutor, encoder: EncoderRef): Promise<string> {
  const [row] = await sql.query<Record<string, unknown>>(
    `SELECT count(*) AS n, coalesce(sum(id), 0) AS ids, coalesce(max(id), 0) AS last_id,
            coalesce(max(created_at)::text, '') AS newest, coalesce(sum(length(vector)), 0) AS bytes
       FROM item_features WHERE modality = $1 AND encoder = $2 AND encoder_version = $3 AND status = 'READY'`,
    [encoder.modality, encoder.name, encoder.version],
  );
  return JSON.stringify([row?.n, row?.ids, row?.last_id, row?.newest, row?.bytes].map(String));
}

/** The encoder versions that have vectors in the database, with how many items each covers. */
export async function listStoredEncoders(sql: SqlExecutor): Promise<Array<EncoderRef & { ready: number; failed: number }>> {
  const rows = await sql.query<{ modality: EncoderRef['modality']; encoder: string; encoder_version: string; dimension: number; ready: string | number; failed: string | number }>(
    `SELECT modality, encoder, encoder_version, max(dimension) AS dimension,
            count(*) FILTER (WHERE status = 'READY') AS ready, count(*) FILTER (WHERE status = 'FAILED') AS failed
       FROM item_features GROUP BY modality, encoder, encoder_version ORDER BY modality DESC, encoder, encoder_version`,
  );
  return rows.map((row) => ({
    modality: row.modality, name: row.encoder, version: row.encoder_version, dimension: Number(row.dimension),
    ready: Number(row.ready), failed: Number(row.failed),
  }));
}
