import type { Database } from '@fewshot/db';
import type { LearnerName } from '@fewshot/model/mml';
import { newItemVectors } from '@fewshot/pipeline/warmup';
import { servingVectors, toEntry, type ItemRow } from './load-serving-model.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { ServingModel } from './serving-model.ts';

export interface PlacementResult {
  /** Items that are rankable now (placed by this call, or already rows). */
  placed: number[];
  /** Items the model cannot place yet: no vector of its encoders (features not computed, or failed). */
  waiting: number[];
  /** The version that placed them; null when none is active (popularity serves every item that has events). */
  versionId: number | null;
}

/**
 * Warm-up of new items into the serving model, without retraining or reloading: the generator's ID embedding
 * from each item's stored vectors and its nearest items, each feature learner's vector, appended as catalog rows
 * that the next request ranks. Items placed earlier have their status and genres refreshed, and those placed after
 * training are placed again from their current features. A running trial's version places them too; the answer is
 * the active version's.
 */
export async function placeItems(db: Database, registry: ModelRegistry, itemIds: readonly number[]): Promise<PlacementResult> {
  const { active } = await registry.useEach((model) => placeIn(db, model, itemIds));
  return active ?? { placed: [], waiting: [...itemIds], versionId: null };
}

async function placeIn(db: Database, model: ServingModel, itemIds: readonly number[]): Promise<PlacementResult> {
  const rows = await db.sql.query<ItemRow>(`SELECT id, external_id, status, attributes->'genres' AS genres FROM items WHERE id = ANY($1::int[])`, [[...itemIds]]);
  const fresh: ItemRow[] = [];
  // Items placed after training are placed again (their text or image may have changed); the model's own items
  // keep their trained vectors until the next version.
  const replaced: ItemRow[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    const existing = model.catalog.rowOf(id);
    if (existing === undefined) fresh.push(row);
    else {
      model.catalog.update(toEntry(row));
      if (existing > model.model.numItems) replaced.push(row);
    }
  }
  const vectors = await newItemVectors(db, model.model, model.encoders, [...fresh, ...replaced].map((row) => Number(row.id)));
  for (const row of replaced) {
    const found = vectors.get(Number(row.id));
    const learnerVectors = found && servingVectors(found, model.learners as LearnerName[], model.catalog.hiddenSize);
    if (learnerVectors) model.catalog.replaceVectors(Number(row.id), learnerVectors);
  }
  const placed = new Set(rows.map((row) => Number(row.id)).filter((id) => model.catalog.rowOf(id) !== undefined));
  for (const row of fresh) {
    const id = Number(row.id);
    const found = vectors.get(id);
    const learnerVectors = found && servingVectors(found, model.learners as LearnerName[], model.catalog.hiddenSize);
    // Another request may have placed it while the vectors were computed.
    if (learnerVectors && model.catalog.rowOf(id) === undefined) model.catalog.add(toEntry(row), learnerVectors);
    if (model.catalog.rowOf(id) !== undefined) placed.add(id);
  }
  return { placed: itemIds.filter((id) => placed.has(id)), waiting: itemIds.filter((id) => !placed.has(id)), versionId: model.versionId };
}
