import type { SqlExecutor } from '@fewshot/db';
import type { EncodeOutcome, Encoder, ImageInput } from '@fewshot/features/encoder';
import { encodeIsolatingFailures } from './encode-isolating-failures.ts';
import { encoderRef } from './encoder-set.ts';
import { deleteFeatureRows, findItemsNeedingFeature, type ItemNeedingFeature } from './items-needing-features.ts';
import { storeFeatureOutcomes, type ItemOutcome } from './store-feature-outcomes.ts';
import { loadStoredImages } from './stored-image.ts';

export interface FeaturizeItemsOptions {
  sql: SqlExecutor;
  encoder: Encoder;
  batchSize: number;
  retryFailed?: boolean;
  /** Only these items (database ids), e.g. the one a merchandiser just created; default: the whole catalog. */
  itemIds?: readonly number[];
  /** Stop after this many items (for trials and benchmarks). */
  limit?: number;
  /** Called after each stored batch. */
  onBatch?: (stored: { ready: number; failed: number }) => void;
  /** Stops between batches (Ctrl-C): what was stored stays, the rest is picked up by the next run. */
  signal?: AbortSignal;
}

export interface FeaturizeResult {
  ready: number;
  failed: number;
  /** Of ready + failed, how many replaced a row computed from an item's earlier text or image. */
  recomputed: number;
  /** Rows deleted because their item no longer has an input (its image reference was removed). */
  removed: number;
  seconds: number;
}

/**
 * Brings this encoder's vectors up to date, one batch at a time: find the next items without a current vector,
 * encode, store the batch atomically. Resumable by construction: what was stored is no longer needed.
 */
export async function featurizeItems({ sql, encoder, batchSize, retryFailed = false, itemIds, limit = Infinity, onBatch, signal }: FeaturizeItemsOptions): Promise<FeaturizeResult> {
  const started = performance.now();
  const ref = encoderRef(encoder);
  const target = { modality: ref.modality, encoder: ref.name, encoderVersion: ref.version };
  const totals = { ready: 0, failed: 0, recomputed: 0, removed: 0 };
  let afterId = 0;
  for (let done = 0; done < limit && !signal?.aborted; ) {
    const scan = await findItemsNeedingFeature(sql, target, { afterId, limit: Math.min(batchSize, limit - done), retryFailed, itemIds });
    totals.removed += await deleteFeatureRows(sql, target, scan.orphanIds);
    if (scan.items.length > 0) {
      const outcomes = await encodeItems(sql, encoder, scan.items);
      await storeFeatureOutcomes(sql, ref, outcomes);
      const ready = outcomes.filter(({ outcome }) => outcome.ok).length;
      totals.ready += ready;
      totals.failed += outcomes.length - ready;
      totals.recomputed += scan.items.filter(({ why }) => why === 'changed').length;
      onBatch?.({ ready, failed: outcomes.length - ready });
      done += scan.items.length;
    }
    if (scan.done) break;
    afterId = scan.lastId;
  }
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

/**
 * Encodes the items that have an input; those failing before encoding (a blank title, a stored image that is gone)
 * keep their reason. Images stored in the database are read here, a batch at a time, and travel as bytes.
 */
async function encodeItems(sql: SqlExecutor, encoder: Encoder, needed: readonly ItemNeedingFeature[]): Promise<ItemOutcome[]> {
  const failures = new Map<number, string>();
  const inputs = new Map<number, string | ImageInput>();
  for (const { item, input } of needed) {
    if (input.kind === 'fail') failures.set(item.id, input.error);
    else inputs.set(item.id, input.input);
  }
  if (encoder.modality === 'IMAGE') {
    const ids = [...inputs.keys()];
    const loaded = await loadStoredImages(sql, ids.map((id) => inputs.get(id) as ImageInput));
    loaded.forEach((result, i) => {
      const id = ids[i]!;
      if (result.ok) inputs.set(id, result.input);
      else {
        inputs.delete(id);
        failures.set(id, result.error);
      }
    });
  }
  const ids = [...inputs.keys()];
  const encoded = await encodeIsolatingFailures(encoder, ids.map((id) => inputs.get(id)!) as never[]);
  const byItem = new Map<number, EncodeOutcome>(ids.map((id, index) => [id, encoded[index] ?? { ok: false, error: 'encoder returned no result' }]));
  return needed.map(({ item, input }) => {
    const error = failures.get(item.id);
    return { itemId: item.id, sourceSha256: input.sourceSha256, outcome: error !== undefined ? { ok: false, error } : (byItem.get(item.id) as EncodeOutcome) };
  });
}
