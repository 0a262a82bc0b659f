import type { Database } from '@fewshot/db';
import type { LearnerName } from '@fewshot/model/mml';
import { loadItemEmbeddings } from '@fewshot/pipeline/warmup';
import { servingVectors, toEntry, type ItemRow } from './load-serving-model.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { ServingModel } from './serving-model.ts';

export interface AppliedItems {
  /** Items this replica's catalog ranks now. */
  placed: number[];
  /** Items with no stored embedding for the served version yet (or none active). */
  waiting: number[];
  versionId: number | null;
}

/**
 * Brings the served catalog up to date with items a warm-up job stored in the database (item_embeddings) for the
 * served version: new rows are appended, rows of items warmed again (changed text or image) replaced, and every
 * given item's status and genres refreshed (an archive reaches every replica this way). Reads what a worker wrote,
 * computes nothing; idempotent, so the same completion seen twice changes nothing. A running trial's version is
 * brought up to date the same way (from the rows warmed for it); the answer is the active version's.
 */
export async function applyWarmedItems(db: Database, registry: ModelRegistry, itemIds: readonly number[]): Promise<AppliedItems> {
  const { active } = await registry.useEach((model) => applyTo(db, model, itemIds));
  return active ?? { placed: [], waiting: [...itemIds], versionId: null };
}

async function applyTo(db: Database, model: ServingModel, itemIds: readonly number[]): Promise<AppliedItems> {
  const rows = await db.sql.query<ItemRow>(`SELECT id, external_id, status, attributes->'genres' AS genres FROM items WHERE id = ANY($1::int[])`, [[...itemIds]]);
  const embeddings = new Map((await loadItemEmbeddings(db, model.versionId, { itemIds })).map((row) => [row.itemId, row.vectors]));
  const learners = model.learners as LearnerName[];
  for (const row of rows) {
    const id = Number(row.id);
    const existing = model.catalog.rowOf(id);
    const found = embeddings.get(id);
    const vectors = found && servingVectors(found, learners, model.catalog.hiddenSize);
    if (existing === undefined) {
      if (vectors) model.catalog.add(toEntry(row), vectors);
      continue;
    }
    model.catalog.update(toEntry(row));
    // The model's own items keep their trained vectors; later ones take the newest warm-up.
    if (vectors && existing > model.model.numItems) model.catalog.replaceVectors(id, vectors);
  }
  const placed = itemIds.filter((id) => model.catalog.rowOf(id) !== undefined);
  return { placed, waiting: itemIds.filter((id) => model.catalog.rowOf(id) === undefined), versionId: model.versionId };
}
