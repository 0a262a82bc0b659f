import os from 'node:os';
import type { SqlExecutor } from '@fewshot/db';
import type { Encoder } from '@fewshot/features/encoder';
import { specModality, type EncoderSpec } from '@fewshot/features/encoder-spec';
import { openEncoder } from '@fewshot/features/open-encoder';
import { encoderRef, type EncoderRef } from './encoder-set.ts';
import { featurizeItems, type FeaturizeResult } from './featurize-items.ts';
import { countItemsNeedingFeature } from './items-needing-features.ts';

/** Text batches are cheap to hold; image batches hold 224×224×3 floats per image per worker. */
export const DEFAULT_BATCH_SIZE = { TEXT: 64, IMAGE: 32 } as const;

export interface ComputeFeaturesOptions {
  sql: SqlExecutor;
  /** One spec per modality to compute. */
  specs: readonly EncoderSpec[];
  /** Items per stored batch; default per modality (DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Worker threads for tfjs image encoders; default one per core (tfjs wasm is single-threaded in Node). */
  imageWorkers?: number;
  retryFailed?: boolean;
  /** Only these items (database ids); default: the whole catalog. */
  itemIds?: readonly number[];
  /** Stop each encoder after this many items. */
  limit?: number;
  /** Once per encoder, when its model is loaded and the items needing a vector (new, changed, retried) counted. */
  onPlan?: (plan: { encoder: EncoderRef; missing: number }) => void;
  /** After each stored batch. */
  onBatch?: (batch: { encoder: EncoderRef; ready: number; failed: number }) => void;
  /** Stops every encoder after its current batch. */
  signal?: AbortSignal;
}

export interface EncoderRun extends FeaturizeResult {
  encoder: EncoderRef;
  /** Time to start the worker(s) and load the model. */
  loadSeconds: number;
}

/**
 * Computes every missing or stale vector for the given encoders (stale: computed from an item's earlier text or
 * image reference). Each encoder runs in its own worker thread(s) and the modalities run at the same time, so text
 * and images use different cores.
 */
export async function computeFeatures(options: ComputeFeaturesOptions): Promise<EncoderRun[]> {
  const modalities = options.specs.map(specModality);
  if (new Set(modalities).size !== modalities.length) throw new Error('give at most one encoder per modality');
  return Promise.all(options.specs.map((spec) => runEncoder(spec, options)));
}

async function runEncoder(spec: EncoderSpec, options: ComputeFeaturesOptions): Promise<EncoderRun> {
  const loadStarted = performance.now();
  const workers = spec.kind === 'mobilenet-v2' ? (options.imageWorkers ?? os.availableParallelism()) : 1;
  const encoder: Encoder = await openEncoder(spec, { workers });
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  try {
    const ref = encoderRef(encoder);
    const target = { modality: ref.modality, encoder: ref.name, encoderVersion: ref.version };
    const needed = await countItemsNeedingFeature(options.sql, target, { retryFailed: options.retryFailed, itemIds: options.itemIds });
    const missing = needed.new + needed.changed + needed.retry;
    options.onPlan?.({ encoder: ref, missing: Math.min(missing, options.limit ?? Infinity) });
    const result = await featurizeItems({
      sql: options.sql,
      encoder,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE[ref.modality],
      retryFailed: options.retryFailed,
      itemIds: options.itemIds,
      limit: options.limit,
      signal: options.signal,
      onBatch: (batch) => options.onBatch?.({ encoder: ref, ...batch }),
    });
    return { encoder: ref, loadSeconds, ...result };
  } finally {
    await encoder.close();
  }
}
