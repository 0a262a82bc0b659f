import type { Database } from '@fewshot/db';
import { parseFirstItemsPolicy } from '@fewshot/model/coldstart';
import { exportServingGraph } from '@fewshot/model/export';
import { AdaptationPool, type LearnerName, type NewItemVectors } from '@fewshot/model/mml';
import { OnnxSession } from '@fewshot/onnx/session';
import { loadModelVersion } from '@fewshot/pipeline/train';
import { loadItemEmbeddings, newItemVectors, type EncoderRecord } from '@fewshot/pipeline/warmup';
import { ServingCatalog, type CatalogEntry } from './serving-catalog.ts';
import { ServingModel } from './serving-model.ts';

export interface LoadServingModelOptions {
  /** Execution providers in order of preference; cpu is always the fallback. */
  providers: readonly string[];
  onFallback?: (provider: string, reason: string) => void;
  adaptationCacheSize: number;
  /** Worker threads for cold users' adaptation; 0 adapts on the request thread. */
  adaptationThreads: number;
}

export interface ItemRow {
  id: number;
  external_id: string;
  status: string;
  genres: unknown;
}

/**
 * Loads a stored version for serving: its artifact (sha256-checked), the ONNX serving graph exported from it in
 * an onnxruntime session on the first provider that loads, and the catalog's rows: the model's own items, then
 * every item added since that has features (placed by the generator). Throws on anything wrong, before the
 * version could replace the one serving.
 */
export async function loadServingModel(db: Database, versionId: number, options: LoadServingModelOptions): Promise<ServingModel> {
  const loaded = await loadModelVersion(db, versionId);
  const { model, metadata } = loaded;
  try {
    const graph = exportServingGraph(model);
    const session = await OnnxSession.open(graph.model, { providers: options.providers, onFallback: options.onFallback });
    try {
      const [version] = await db.sql.query<{ name: string; first_items: unknown }>(`SELECT name, metrics->'firstItems'->'chosen' AS first_items FROM model_versions WHERE id = $1`, [versionId]);
      const items = await db.sql.query<ItemRow>(`SELECT id, external_id, status, attributes->'genres' AS genres FROM items ORDER BY id`);
      // Items added after training are scored as the model scores the items it was trained without (newItemGains).
      const catalog = new ServingCatalog(graph.learners, graph.hiddenSize, items.length + 64, model.newItemGains());
      const byExternalId = new Map(items.map((item) => [item.external_id, item]));
      const learners = graph.learners as LearnerName[];
      const tables = new Map(learners.map((name) => [name, model.itemVectors(name)]));
      const norms = new Map(learners.map((name) => [name, model.scoreNorm(name)]));
      const D = graph.hiddenSize;
      metadata.itemExternalIds.forEach((externalId, index) => {
        const row = index + 1;
        const item = byExternalId.get(externalId);
        // An item deleted since training keeps its row (rows must match the model's indices) but is never served.
        const entry: CatalogEntry = item ? toEntry(item) : { dbId: -row, genres: [], active: false };
        const vectors = new Map(learners.map((name) => [name, tables.get(name)!.subarray(row * D, (row + 1) * D)]));
        const gain = new Map(learners.map((name) => [name, norms.get(name)!.gain[index]!]));
        const bias = new Map(learners.map((name) => [name, norms.get(name)!.bias[index]!]));
        catalog.add(entry, vectors, gain, bias);
      });
      const known = new Set(metadata.itemExternalIds);
      const later = items.filter((item) => !known.has(item.external_id));
      const encoders = (metadata.encoders ?? {}) as EncoderRecord;
      // What warm-up jobs stored for this version (every replica reads the same rows); the generator computes the rest.
      const stored = new Map((await loadItemEmbeddings(db, versionId)).map((row) => [row.itemId, row.vectors]));
      const placed = await newItemVectors(db, model, encoders, later.filter((item) => !stored.has(item.id)).map((item) => item.id));
      for (const [itemId, vectors] of stored) placed.set(itemId, vectors);
      for (const item of later) {
        const vectors = placed.get(item.id);
        const row = vectors && servingVectors(vectors, learners, D);
        if (row) catalog.add(toEntry(item), row);
      }
      const pool = options.adaptationThreads > 0 ? await AdaptationPool.start(loaded.artifact, options.adaptationThreads) : undefined;
      // What users without history get while this version serves, as its training chose (all-time counts for a
      // version trained before that choice existed).
      const firstItems = parseFirstItemsPolicy(version?.first_items);
      return new ServingModel(versionId, version?.name ?? `version ${versionId}`, model, graph, session, catalog, encoders, firstItems, new Date(), options.adaptationCacheSize, pool);
    } catch (error) {
      await session.release();
      throw error;
    }
  } catch (error) {
    await model.close();
    throw error;
  }
}

export function toEntry(item: ItemRow): CatalogEntry {
  const genres = Array.isArray(item.genres) ? item.genres.map((g) => String(g).toLowerCase()) : [];
  return { dbId: item.id, genres, active: item.status === 'ACTIVE' };
}

/**
 * A later item's vector per learner: the generator's ĝ for the ID learner (none without a generator: the item
 * cannot be ranked by this model yet) and Linear(feature) for a feature learner, zeros where the item lacks that
 * modality (the learner then gives it a neutral score).
 */
export function servingVectors(vectors: NewItemVectors, learners: readonly LearnerName[], D: number): Map<string, Float32Array> | undefined {
  const out = new Map<string, Float32Array>();
  for (const name of learners) {
    const vector = vectors[name];
    if (name === 'id' && !vector) return undefined;
    out.set(name, vector ?? new Float32Array(D));
  }
  return out;
}
