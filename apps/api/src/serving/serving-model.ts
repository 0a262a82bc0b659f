import type { AdaptationPool, MmlModel } from '@fewshot/model/mml';
import type { FirstItemsPolicy } from '@fewshot/model/coldstart';
import type { ServingGraph } from '@fewshot/model/export';
import type { EncoderRecord } from '@fewshot/pipeline/warmup';
import { ort, type OnnxSession } from '@fewshot/onnx/session';
import { AdaptationCache } from './adaptation-cache.ts';
import type { ServingCatalog } from './serving-catalog.ts';

/** One request's model output. */
export interface ModelScores {
  /** Fused score per catalog row; index r − 1 holds row r (no padding column). */
  scores: Float32Array;
  /** Fusion weight per learner, in `learners` order. */
  weights: Float32Array;
  /** Whether the user's own adapted local modules produced it (the few-shot path). */
  fewShot: boolean;
  /** How many of the history's events are on items the model was trained on (what adaptation can use). */
  knownEvents: number;
  /** Seconds an adaptation this call started took (undefined: none started; kept modules, or another request's). */
  adaptationSeconds?: number;
}

/**
 * A model version ready to serve: its ONNX serving graph in an onnxruntime session, the catalog's item tables,
 * and the TypeScript model for what only training code can do (a cold user's SGD steps, a new item's generator
 * embedding). Immutable apart from the catalog growing; swapped whole on promotion.
 */
export class ServingModel {
  private readonly thetaFeeds: Record<string, ort.Tensor>;
  readonly adaptations: AdaptationCache;
  /** Adaptations under way, by history: concurrent requests on one history (a burst) share one. */
  private readonly adapting = new Map<string, Promise<Record<string, ort.Tensor>>>();
  /** Adaptations actually run (cache misses that no request in flight was already adapting). */
  adaptationsRun = 0;
  /** 1 at the model's rows (1..numItems) that no training sequence contained (MmlModel.itemsWithoutData). */
  private readonly withoutData: Uint8Array;

  constructor(
    readonly versionId: number,
    readonly versionName: string,
    readonly model: MmlModel,
    readonly graph: ServingGraph,
    readonly session: OnnxSession,
    readonly catalog: ServingCatalog,
    /** The encoders (per modality) the version was trained on: a later item is placed from their vectors. */
    readonly encoders: EncoderRecord,
    /** What users without history get while this version serves (chosen by its training on the same data). */
    readonly firstItems: FirstItemsPolicy,
    readonly loadedAt: Date,
    adaptationCacheSize: number,
    /** Worker threads that adapt cold users off the event loop; absent: adaptation runs in process. */
    private pool?: AdaptationPool,
  ) {
    const shapes = new Map(session.inputs.map((input) => [input.name, input.shape as number[]]));
    this.thetaFeeds = Object.fromEntries([...graph.parameters].map(([name, value]) => [name, new ort.Tensor('float32', value, shapes.get(name)!)]));
    this.adaptations = new AdaptationCache(adaptationCacheSize);
    this.withoutData = new Uint8Array(model.numItems + 1);
    for (const row of model.itemsWithoutData) this.withoutData[row] = 1;
  }

  /**
   * Whether a catalog row is an item new to this version: added after its training (the rows after the model's own,
   * placed by the generator), or in the catalog then without an event its training saw (its ID row the generator's
   * too). The version learned nothing from either's events, so both rarely outrank what users picked: new-item slots
   * are for them, and served lists and trials count them as new.
   */
  isNewToVersion(row: number): boolean {
    return row > this.model.numItems || this.withoutData[row] === 1;
  }

  /** Whether a catalog row was added after this version's training (a row after the model's own). */
  addedAfterTraining(row: number): boolean {
    return row > this.model.numItems;
  }

  get learners(): readonly string[] {
    return this.graph.learners;
  }

  get maxLength(): number {
    return this.graph.maxLength;
  }

  get provider(): string {
    return this.session.provider;
  }

  /** The worker threads adapting cold users (0: on the request thread). */
  get adaptationThreads(): number {
    return this.pool?.threads ?? 0;
  }

  /**
   * Adapts with `next` from now on (a trial's version, promoted, gets the threads of a version serving everyone): the
   * old pool answers what it took, then stops. Results are the same whichever pool computes them.
   */
  async replacePool(next: AdaptationPool): Promise<void> {
    const previous = this.pool;
    this.pool = next;
    await previous?.close();
  }

  /**
   * Scores every catalog row for a history of catalog rows (oldest first; the last maxLength are used). With
   * `adapt`, the user's history first adapts each learner's local modules (cached under `cacheKey` until the
   * history changes) and the graph runs with them; otherwise with the meta-trained θ.
   */
  async score(history: Int32Array, { adapt, cacheKey }: { adapt: boolean; cacheKey?: string }): Promise<ModelScores> {
    if (history.length === 0) throw new Error('a history needs at least one item');
    const T = this.maxLength;
    const recent = history.subarray(Math.max(0, history.length - T));
    const items = new BigInt64Array(T);
    recent.forEach((row, t) => (items[t] = BigInt(row)));
    const feeds: Record<string, ort.Tensor> = { items: new ort.Tensor('int64', items, [1, T]) };
    const rows = this.catalog.rows;
    for (const name of this.learners) {
      const { vectors, gain, bias } = this.catalog.tables(name);
      feeds[`item_vectors.${name}`] = new ort.Tensor('float32', vectors, [rows, this.graph.hiddenSize]);
      feeds[`score_gain.${name}`] = new ort.Tensor('float32', gain, [rows - 1]);
      feeds[`score_bias.${name}`] = new ort.Tensor('float32', bias, [rows - 1]);
    }
    // The model's rows are the catalog's first rows; items appended after training have no row in the model's own
    // tables, so adaptation sees only the ones it knows (the graph still scores the rest).
    const known = history.filter((row) => row <= this.model.numItems);
    const adapted = adapt ? await this.adaptedFeeds(known, cacheKey) : undefined;
    Object.assign(feeds, adapted?.feeds ?? this.thetaFeeds);
    const out = await this.session.run(feeds);
    return { scores: out.scores!.data as Float32Array, weights: out.weights!.data as Float32Array, fewShot: adapted !== undefined, knownEvents: known.length, adaptationSeconds: adapted?.seconds };
  }

  /** The fewest known events a cold user is adapted to on (the version's bounded.minHistory, at least 2). */
  get adaptsFrom(): number {
    return this.model.adaptsFrom;
  }

  /**
   * A user's adapted local modules as feeds (`known`: the history's rows the model was trained on): from the cache
   * while the history is unchanged, else adapted now.
   * Undefined when the model does not adapt to so short a history (fewer events the model knows than its
   * `bounded.minHistory`, 3 by default: adapting on two events' one sample made the next pick worse).
   */
  private async adaptedFeeds(known: Int32Array, cacheKey: string | undefined): Promise<{ feeds: Record<string, ort.Tensor>; seconds?: number } | undefined> {
    if (!this.model.adapts(known.length)) return undefined;
    const historyKey = known.join(',');
    const cached = cacheKey === undefined ? undefined : this.adaptations.get(cacheKey, historyKey);
    if (cached) return { feeds: cached };
    // The adapted modules depend on the history alone (a seeded, deterministic procedure), whoever asks.
    let pending = this.adapting.get(historyKey);
    let started: number | undefined;
    if (!pending) {
      started = performance.now();
      pending = this.adapt(known).finally(() => this.adapting.delete(historyKey));
      this.adapting.set(historyKey, pending);
    }
    const feeds = await pending;
    if (cacheKey !== undefined) this.adaptations.set(cacheKey, historyKey, feeds);
    return { feeds, seconds: started === undefined ? undefined : (performance.now() - started) / 1000 };
  }

  private async adapt(known: Int32Array): Promise<Record<string, ort.Tensor>> {
    this.adaptationsRun++;
    const modules = this.pool ? await this.pool.adapt(known) : this.model.adaptedLocalModules(known);
    return Object.fromEntries([...modules].map(([name, value]) => [name, new ort.Tensor('float32', value, this.thetaFeeds[name]!.dims as number[])]));
  }

  async close(): Promise<void> {
    this.adaptations.clear();
    await this.pool?.close();
    await this.session.release();
    await this.model.close();
  }
}
