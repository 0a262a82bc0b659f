import { createHash } from 'node:crypto';
import type { Database } from '@fewshot/db';
import { embeddingColumns } from './item-embeddings.ts';
import { newItemVectors, type EncoderRecord } from './new-item-vectors.ts';
import { WarmupModelCache, type WarmupModel } from './warmup-model-cache.ts';

export interface WarmUpProgress {
  stage: string;
  /** 0..1 */
  fraction: number;
  message?: string;
}

export interface WarmUpItemsOptions {
  db: Database;
  /** The items to warm up (default: every ACTIVE item the version was not trained on). */
  itemIds?: readonly number[];
  /** The version to warm up for (default: the ACTIVE one). */
  versionId?: number;
  /** Keeps the loaded model between calls (a worker's); without one, the model is loaded and closed by this call. */
  models?: WarmupModelCache;
  /** Checked between chunks: an aborted warm-up stops there, keeping the chunks already stored. */
  signal?: AbortSignal;
  onProgress?: (progress: WarmUpProgress) => void;
}

export interface WarmUpResult {
  /** The version warmed up for; null when none is ACTIVE (and no versionId was given): every item is waiting. */
  versionId: number | null;
  /** Items whose vectors this call computed and stored. */
  warmed: number[];
  /** Items whose stored vectors were computed from their current features: nothing computed or written. */
  unchanged: number[];
  /** Items with no vector of the version's encoders (features not computed yet, or failed): cannot be placed yet. */
  waiting: number[];
  /** Given items the version was trained on: they have rows of their own (never listed when itemIds is not given). */
  trained: number[];
}

/** Items per chunk: one feature read, one generator pass and one upsert each; the signal is checked between them. */
const CHUNK = 500;

/**
 * Warm-up: the item embedding generator's vectors for items a model version has no trained row for, stored in
 * item_embeddings where every serving replica reads them (loadItemEmbeddings). Idempotent: an item whose stored row
 * was computed from its current feature rows (input_hash) is neither computed nor written again, so a retried
 * warm-up duplicates and rewrites nothing; a changed text or image re-warms just that item.
 */
export async function warmUpItems(options: WarmUpItemsOptions): Promise<WarmUpResult> {
  const { db, signal, onProgress } = options;
  signal?.throwIfAborted();
  const given = options.itemIds ? [...new Set(options.itemIds)] : undefined;
  const versionId = options.versionId ?? (await activeVersionId(db));
  if (versionId === null) {
    return { versionId: null, warmed: [], unchanged: [], waiting: given ?? (await activeItems(db)).map((item) => item.id), trained: [] };
  }
  const result: WarmUpResult = { versionId, warmed: [], unchanged: [], waiting: [], trained: [] };
  if (given?.length === 0) return result;
  const models = options.models ?? new WarmupModelCache(db);
  try {
    onProgress?.({ stage: 'load', fraction: 0, message: `loading model version ${versionId}` });
    return await models.use(versionId, async (model) => {
      const candidates = await candidateItems(db, model, given, result);
      for (let start = 0; start < candidates.length; start += CHUNK) {
        signal?.throwIfAborted();
        await warmChunk(db, model, candidates.slice(start, start + CHUNK), result);
        const done = Math.min(start + CHUNK, candidates.length);
        onProgress?.({ stage: 'warm', fraction: done / candidates.length, message: `${done} of ${candidates.length} items: ${result.warmed.length} warmed, ${result.unchanged.length} unchanged, ${result.waiting.length} waiting` });
      }
      return result;
    }, db);
  } finally {
    if (!options.models) await models.close();
  }
}

async function activeVersionId(db: Database): Promise<number | null> {
  const [row] = await db.sql.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'ACTIVE'`);
  return row ? Number(row.id) : null;
}

async function activeItems(db: Database): Promise<Array<{ id: number; external_id: string }>> {
  const rows = await db.sql.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM items WHERE status = 'ACTIVE' ORDER BY id`);
  return rows.map((row) => ({ id: Number(row.id), external_id: row.external_id }));
}

/** The items to warm: given ones less those the version was trained on (listed in `trained`), or every active one's. */
async function candidateItems(db: Database, model: WarmupModel, given: number[] | undefined, result: WarmUpResult): Promise<number[]> {
  if (!given) return (await activeItems(db)).filter((item) => !model.trainedExternalIds.has(item.external_id)).map((item) => item.id);
  const rows = await db.sql.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM items WHERE id = ANY($1::int[])`, [given]);
  const externalIds = new Map(rows.map((row) => [Number(row.id), row.external_id]));
  const candidates: number[] = [];
  for (const id of given) {
    const externalId = externalIds.get(id);
    if (externalId !== undefined && model.trainedExternalIds.has(externalId)) result.trained.push(id);
    else candidates.push(id); // an unknown id has no features: waiting
  }
  return candidates;
}

async function warmChunk(db: Database, model: WarmupModel, itemIds: number[], result: WarmUpResult): Promise<void> {
  const hashes = await inputHashes(db, model.encoders, itemIds);
  const stored = new Map(
    (await db.sql.query<{ item_id: number; input_hash: string }>(
      'SELECT item_id, input_hash FROM item_embeddings WHERE model_version_id = $1 AND item_id = ANY($2::int[])',
      [model.versionId, itemIds],
    )).map((row) => [Number(row.item_id), row.input_hash]),
  );
  const needed: number[] = [];
  for (const id of itemIds) {
    const hash = hashes.get(id);
    if (hash === undefined) result.waiting.push(id);
    else if (stored.get(id) === hash) result.unchanged.push(id);
    else needed.push(id);
  }
  if (needed.length === 0) return;
  const vectors = await newItemVectors(db, model.model, model.encoders, needed);
  const params: unknown[] = [model.versionId];
  const values: string[] = [];
  for (const id of needed) {
    const found = vectors.get(id);
    if (!found) {
      result.waiting.push(id); // its features went away since the hashes were read
      continue;
    }
    params.push(id, hashes.get(id), ...embeddingColumns(found));
    const n = params.length;
    values.push(`($1, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`);
  }
  if (values.length === 0) return;
  // Written only where the stored hash differs: a warm-up of the same inputs running at the same time on another
  // worker leaves the row (and its updated_at) alone, and RETURNING tells which rows this call wrote.
  const written = new Set(
    (await db.sql.query<{ item_id: number }>(
      `INSERT INTO item_embeddings (model_version_id, item_id, input_hash, id_vector, text_vector, image_vector, neighbours)
       VALUES ${values.join(', ')}
       ON CONFLICT (model_version_id, item_id) DO UPDATE
         SET input_hash = EXCLUDED.input_hash, id_vector = EXCLUDED.id_vector, text_vector = EXCLUDED.text_vector,
             image_vector = EXCLUDED.image_vector, neighbours = EXCLUDED.neighbours, updated_at = CURRENT_TIMESTAMP
         WHERE item_embeddings.input_hash <> EXCLUDED.input_hash
       RETURNING item_id`,
      params,
    )).map((row) => Number(row.item_id)),
  );
  for (const id of needed) {
    if (written.has(id)) result.warmed.push(id);
    else if (vectors.has(id)) result.unchanged.push(id);
  }
}

/**
 * What each item's warm-up vectors are computed from: its READY feature rows of exactly the version's encoders
 * (encoder name@version, the input's source_sha256 and the vector's md5, so a recomputed vector counts even where
 * the input fingerprint was not recorded). Items with none are absent: they wait for features.
 */
async function inputHashes(db: Database, encoders: EncoderRecord, itemIds: readonly number[]): Promise<Map<number, string>> {
  const parts = new Map<number, string[]>();
  for (const modality of ['TEXT', 'IMAGE'] as const) {
    const encoder = encoders[modality];
    if (!encoder) continue;
    const rows = await db.sql.query<{ item_id: number; source_sha256: string | null; vector_md5: string }>(
      `SELECT item_id, source_sha256, md5(vector) AS vector_md5 FROM item_features
        WHERE modality = $1 AND encoder = $2 AND encoder_version = $3 AND status = 'READY' AND vector IS NOT NULL
          AND item_id = ANY($4::int[])`,
      [modality, encoder.name, encoder.version, itemIds],
    );
    for (const row of rows) {
      const id = Number(row.item_id);
      const list = parts.get(id) ?? [];
      list.push(`${modality}=${encoder.name}@${encoder.version}:${row.source_sha256 ?? ''}:${row.vector_md5}`);
      parts.set(id, list);
    }
  }
  return new Map([...parts].map(([id, list]) => [id, createHash('sha256').update(list.join('\n')).digest('hex')]));
}
