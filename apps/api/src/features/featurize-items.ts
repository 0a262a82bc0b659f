import type { SqlExecutor } from '@fewshot/db';
import type { EncodeOutcome, Encoder, ImageInput } from '@fewshot/features/encoder';
import { itemText } from '@fewshot/features/item-text';
import { encodeIsolatingFailures } from './encode-isolating-failures.ts';
import { encoderRef } from './encoder-set.ts';
import { findItemsMissingFeature, type ItemForFeatures } from './items-missing-features.ts';
import { storeFeatureOutcomes, type ItemOutcome } from './store-feature-outcomes.ts';

export interface FeaturizeItemsOptions {
  sql: SqlExecutor;
  encoder: Encoder;
  batchSize: number;
  retryFailed?: boolean;
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
  seconds: number;
}

/**
 * Computes this encoder's missing vectors, one batch at a time: load the next missing items, encode, store the
 * batch atomically. Resumable by construction: what was stored is no longer missing.
 */
export async function featurizeItems({ sql, encoder, batchSize, retryFailed = false, limit = Infinity, onBatch, signal }: FeaturizeItemsOptions): Promise<FeaturizeResult> {
  const started = performance.now();
  const ref = encoderRef(encoder);
  const target = { modality: ref.modality, encoder: ref.name, encoderVersion: ref.version };
  const totals = { ready: 0, failed: 0 };
  let afterId = 0;
  for (let done = 0; done < limit && !signal?.aborted; ) {
    const items = await findItemsMissingFeature(sql, target, { afterId, limit: Math.min(batchSize, limit - done), retryFailed });
    if (items.length === 0) break;
    const outcomes = await encodeItems(encoder, items);
    await storeFeatureOutcomes(sql, ref, outcomes);
    const ready = outcomes.filter(({ outcome }) => outcome.ok).length;
    totals.ready += ready;
    totals.failed += outcomes.length - ready;
    onBatch?.({ ready, failed: outcomes.length - ready });
    afterId = items.at(-1)?.id ?? afterId;
    done += items.length;
  }
  return { ...totals, seconds: (performance.now() - started) / 1000 };
}

/** Turns items into encoder inputs (text or image reference); an item with no usable input fails without encoding. */
async function encodeItems(encoder: Encoder, items: readonly ItemForFeatures[]): Promise<ItemOutcome[]> {
  const outcomes = new Map<number, EncodeOutcome>();
  const inputs: Array<{ itemId: number; input: string | ImageInput }> = [];
  for (const item of items) {
    if (encoder.modality === 'TEXT') {
      const text = itemText(item);
      if (text.ok) inputs.push({ itemId: item.id, input: text.text });
      else outcomes.set(item.id, text);
    } else if (item.imageUri) {
      inputs.push({ itemId: item.id, input: { uri: item.imageUri } });
    } else {
      outcomes.set(item.id, { ok: false, error: 'item has no image reference' });
    }
  }
  const encoded = await encodeIsolatingFailures(encoder, inputs.map(({ input }) => input) as never[]);
  inputs.forEach(({ itemId }, index) => outcomes.set(itemId, encoded[index] ?? { ok: false, error: 'encoder returned no result' }));
  return items.map((item) => ({ itemId: item.id, outcome: outcomes.get(item.id) as EncodeOutcome }));
}
