import type { SqlExecutor } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';
import type { EncoderRef } from './encoder-set.ts';
import { loadFeatureMatrix } from './load-feature-matrix.ts';
import { listStoredEncoders } from './load-feature-vectors.ts';

export interface FeatureTable {
  encoder: EncoderRef;
  /** [itemExternalIds.length + 1, dimension]: row 0 is padding, row r is item index r (1-based); zeros where missing. */
  table: Float32Array;
  /** Items with a vector, of itemExternalIds.length. */
  covered: number;
}

/**
 * Picks the stored encoder of a modality: the one named `name` or `name@version`, else the one covering the most
 * items. Fails with the command to run when the database has no vectors of that modality.
 */
export async function chooseStoredEncoder(sql: SqlExecutor, modality: Modality, wanted?: string): Promise<EncoderRef> {
  const stored = (await listStoredEncoders(sql)).filter((e) => e.modality === modality && e.ready > 0);
  const what = modality === 'TEXT' ? 'text' : 'image';
  if (stored.length === 0) throw new Error(`the database has no ${what} vectors: run npx fewshot features --modality ${what} first`);
  const [name, version] = wanted ? wanted.split('@') : [];
  const matching = stored.filter((e) => (!name || e.name === name) && (!version || e.version === version));
  if (matching.length === 0) {
    throw new Error(`no ${what} vectors from encoder ${wanted}; stored: ${stored.map((e) => `${e.name}@${e.version} (${e.ready} items)`).join(', ')}`);
  }
  const { ready: _ready, failed: _failed, ...ref } = matching.sort((a, b) => b.ready - a.ready)[0]!;
  return ref;
}

/**
 * The feature table a feature learner (text or image SASRec) starts from, aligned to a training run's item
 * indices: item index r (1-based, as in an EventLog) takes the vector of the item whose external id is
 * itemExternalIds[r - 1]. MML gives items without a vector zeros.
 */
export async function loadFeatureTable(sql: SqlExecutor, encoder: EncoderRef, itemExternalIds: readonly string[]): Promise<FeatureTable> {
  const rows = await sql.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM items WHERE external_id = ANY($1::text[])`, [[...itemExternalIds]]);
  const idOf = new Map(rows.map((row) => [row.external_id, row.id]));
  // Ids 0 and -1 match no item: the padding row and items unknown to the database get zeros, like items without a vector.
  const { matrix, present } = await loadFeatureMatrix(sql, encoder, [0, ...itemExternalIds.map((ext) => idOf.get(ext) ?? -1)]);
  return { encoder, table: matrix, covered: present.reduce((sum, p) => sum + p, 0) };
}
