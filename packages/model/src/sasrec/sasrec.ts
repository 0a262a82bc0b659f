import { Graph, IntTensor, ops, ParamStore, type Engine, type Param, type ParamLayout, type Tensor } from '../engine/index.ts';
import { sasRecConfig, type SasRecConfig } from './config.ts';
import { FeatureItemEncoder, IdItemEncoder, type ItemEncoder } from './item-encoder.ts';
import { TransformerBlock } from './transformer-block.ts';

/** A batch for BPR training: a target and one sampled negative at every position. */
export interface BprBatch {
  /** Input item ids [B, T], left-aligned, 0 = padding. */
  items: IntTensor;
  /** The next item at each position [B, T]; 0 where there is none (no loss there). */
  positives: IntTensor;
  /** A uniformly sampled negative per position [B, T]. */
  negatives: IntTensor;
  /** Number of positions with a target in the whole batch (all shards together). */
  normalizer: number;
}

export interface EncodeOutput {
  /** Last layer's hidden states [B, T, D]. */
  hidden: Tensor;
}

export interface ForwardOutput extends EncodeOutput {
  /** Hidden state at each sequence's last real position [B, D] (the sequence representation). */
  sequence: Tensor;
}

export interface LossOutput {
  loss: Tensor; // [1]
  positiveScores: Tensor; // [B, T]
  negativeScores: Tensor; // [B, T]
}

export interface CreateOptions {
  seed: number;
  /** Gradient sets to allocate, one per training thread. */
  replicas?: number;
  /** Initial feature table [numItems + 1, featureSize] for a feature learner. */
  features?: Float32Array;
  /** Parameters bound to values another store owns (name → value offset), e.g. θ's item tables in a task copy. */
  shareValues?: Record<string, number>;
  /** Gradient sets in which the shared parameters get buffers (default every one; ParamStore.materialize). */
  sharedGradients?: readonly number[];
}

/**
 * SASRec (Kang & McAuley 2018) as configured by MML, with the RecBole model contract:
 * forward / calculateLoss / predict / fullSortPredict. All methods record onto the given graph.
 */
export class SasRec {
  readonly store = new ParamStore();
  readonly encoder: ItemEncoder;
  readonly positionEmbedding: Param;
  readonly inputNorm: { gamma: Param; beta: Param };
  readonly blocks: TransformerBlock[];

  private constructor(readonly config: SasRecConfig, features?: Float32Array) {
    const { hiddenSize: D, maxLength, initStd, learner } = config;
    this.encoder = learner.kind === 'id'
      ? new IdItemEncoder(this.store, config)
      : new FeatureItemEncoder(this.store, config, learner.featureSize, features);
    this.positionEmbedding = this.store.declare({ name: 'position_embedding.weight', shape: [maxLength, D], init: { kind: 'normal', std: initStd } });
    this.inputNorm = {
      gamma: this.store.declare({ name: 'input_norm.weight', shape: [D], init: { kind: 'constant', value: 1 } }),
      beta: this.store.declare({ name: 'input_norm.bias', shape: [D], init: { kind: 'constant', value: 0 } }),
    };
    this.blocks = Array.from({ length: config.numLayers }, (_, i) => new TransformerBlock(this.store, config, i));
  }

  /** Declares, allocates and initialises a model (main thread). */
  static create(engine: Engine, config: Partial<SasRecConfig> & { numItems: number }, { seed, replicas = 1, features, shareValues, sharedGradients }: CreateOptions): SasRec {
    const model = new SasRec(sasRecConfig(config), shareValues ? undefined : features);
    // A frozen feature table ([items, vector size], the largest tensor of a large catalog) never gets a gradient.
    const neverTrained = model.frozenByConfig().map((p) => p.name);
    model.store.materialize(engine, { seed, replicas, shareValues, neverTrained, ...(sharedGradients ? { sharedGradients } : {}) });
    model.freezeAsConfigured();
    return model;
  }

  /** Binds to parameters another thread created (data-parallel workers). */
  static attach(engine: Engine, config: SasRecConfig, layout: ParamLayout, replica: number): SasRec {
    const model = new SasRec(config);
    model.store.attach(engine, layout, replica);
    model.freezeAsConfigured();
    return model;
  }

  /** Frozen flags live on each thread's tensors, so every thread that binds the model sets them from the config. */
  private freezeAsConfigured(): void {
    for (const p of this.frozenByConfig()) p.frozen = true;
  }

  /** Parameters the config freezes for good: a frozen feature table. */
  private frozenByConfig(): Param[] {
    return this.config.learner.kind === 'feature' && this.config.learner.frozenFeatures ? [(this.encoder as FeatureItemEncoder).features] : [];
  }

  get params(): Param[] {
    return this.store.params;
  }

  get engine(): Engine {
    return this.store.boundEngine;
  }

  /**
   * Local modules adapted in meta-learning (position embedding, Transformer blocks, input LayerNorm) versus the
   * global item representation (ID table, or feature table and projection).
   */
  parameterGroups(): { local: Param[]; global: Param[] } {
    const local = [this.positionEmbedding, this.inputNorm.gamma, this.inputNorm.beta, ...this.blocks.flatMap((b) => b.params)];
    return { local, global: this.encoder.params };
  }

  /** Value offsets of the global item representation, for a task copy that shares them (see CreateOptions). */
  globalValueOffsets(): Record<string, number> {
    return Object.fromEntries(this.encoder.params.map((p) => [p.name, p.value.offset]));
  }

  /** items [B, T] → hidden states [B, T, D]. */
  encode(g: Graph, items: IntTensor, encoder: ItemEncoder = this.encoder): EncodeOutput {
    const [itemVectors] = encoder.lookup(g, [items]);
    return { hidden: this.encodeVectors(g, itemVectors!, items) };
  }

  /** RecBole's forward: items [B, T] and lengths → hidden states and the sequence representation [B, D]. */
  forward(g: Graph, items: IntTensor, lengths: ArrayLike<number>): ForwardOutput {
    const { hidden } = this.encode(g, items);
    return { hidden, sequence: this.lastPosition(g, hidden, lengths) };
  }

  /**
   * The training loss with a target at every position (whole-sequence training): BPR against the batch's negative
   * (config.loss 'bpr'), or softmax cross-entropy over every item ('ce', which ignores the negatives).
   */
  calculateLoss(g: Graph, batch: BprBatch, encoder: ItemEncoder = this.encoder): LossOutput | { loss: Tensor } {
    return this.config.loss === 'ce' ? this.crossEntropyLoss(g, batch, encoder) : this.bprLoss(g, batch, encoder);
  }

  /** BPR loss with a target and a negative at every position. */
  bprLoss(g: Graph, batch: BprBatch, encoder: ItemEncoder = this.encoder): LossOutput {
    const [itemVectors, positiveVectors, negativeVectors] = encoder.lookup(g, [batch.items, batch.positives, batch.negatives]);
    const hidden = this.encodeVectors(g, itemVectors!, batch.items); // [B, T, D]
    const positiveScores = ops.rowDot(g, hidden, positiveVectors!); // [B, T]
    const negativeScores = ops.rowDot(g, hidden, negativeVectors!); // [B, T]
    const loss = ops.bprLoss(g, positiveScores, negativeScores, batch.positives, batch.normalizer); // [1]
    return { loss, positiveScores, negativeScores };
  }

  /** Softmax cross-entropy over all items at every position with a target (only those rows are scored). */
  crossEntropyLoss(g: Graph, batch: BprBatch, encoder: ItemEncoder = this.encoder): { loss: Tensor } {
    const [B, T] = batch.items.shape as [number, number];
    const { hidden } = this.encode(g, batch.items, encoder); // [B, T, D]
    const positives = batch.positives.data;
    const rows: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < B * T; i++) {
      if (positives[i]! <= 0) continue;
      rows.push(i);
      targets.push(positives[i]!);
    }
    const states = ops.embedding(g, hidden, g.ints(rows)); // [N, D]: rows of hidden read as [B·T, D]
    // The scores [N, numItems + 1] are computed a block of rows at a time inside the loss: on a large catalog they
    // would not fit the heap at once.
    const items = batch.items.data;
    const mask = this.config.maskHistoryInLoss ? (offset: number, firstRow: number, count: number) => this.maskHistory(g, offset, items, rows, targets, T, firstRow, count) : undefined;
    return { loss: ops.scoresCrossEntropy(g, states, encoder.all(g), g.ints(targets), batch.normalizer, { mask }) }; // [1]
  }

  /**
   * Sets the score of every item in a row's input so far (positions 0..t of its sequence) to −1e9, except its target,
   * so those items take no share of the softmax; for the block of scores at `offset` holding rows firstRow.. of the
   * loss. Only the cross-entropy reads these scores; the masked entries' probabilities are 0, so their gradient is.
   */
  private maskHistory(g: Graph, offset: number, items: Int32Array, rows: readonly number[], targets: readonly number[], T: number, firstRow: number, count: number): void {
    const heap = g.engine.heap.f();
    const width = this.config.numItems + 1;
    for (let r = firstRow; r < firstRow + count; r++) {
      const position = rows[r]!;
      const rowStart = offset + (r - firstRow) * width;
      const sequenceStart = position - (position % T);
      for (let i = sequenceStart; i <= position; i++) {
        const item = items[i]!;
        if (item > 0 && item !== targets[r]) heap[rowStart + item] = -1e9;
      }
    }
  }

  /** Scores one candidate per sequence: items [B, T], candidates [B] → scores [B]. */
  predict(g: Graph, items: IntTensor, lengths: ArrayLike<number>, candidates: IntTensor): { scores: Tensor } {
    const { sequence } = this.forward(g, items, lengths); // [B, D]
    const [candidateVectors] = this.encoder.lookup(g, [candidates]); // [B, D]
    return { scores: ops.rowDot(g, sequence, candidateVectors!) }; // [B]
  }

  /** Scores every item: items [B, T] → scores [B, numItems + 1] (column 0 is padding; callers mask it). */
  fullSortPredict(g: Graph, items: IntTensor, lengths: ArrayLike<number>): { scores: Tensor } {
    const { sequence } = this.forward(g, items, lengths); // [B, D]
    return { scores: this.scoreSequences(g, sequence) }; // [B, numItems + 1]
  }

  /** Scores every item for sequence representations: sequence [B, D] → [B, numItems + 1] (tied output). */
  scoreSequences(g: Graph, sequence: Tensor, encoder: ItemEncoder = this.encoder): Tensor {
    return ops.matmul(g, sequence, encoder.all(g), { transB: true }); // [B, numItems + 1]
  }

  private encodeVectors(g: Graph, itemVectors: Tensor, items: IntTensor): Tensor {
    const [B, T] = items.shape as [number, number];
    if (T > this.config.maxLength) throw new Error(`sequences of length ${T} exceed maxLength ${this.config.maxLength}`);
    const summed = ops.addBroadcast(g, itemVectors, this.positionEmbedding.value); // [B, T, D]
    const { hiddenDropout: p, layerNormEps: eps, inputOrder } = this.config;
    const { gamma, beta } = { gamma: this.inputNorm.gamma.value, beta: this.inputNorm.beta.value };
    let h = inputOrder === 'dropout-then-norm'
      ? ops.residualNorm(g, summed, undefined, gamma, beta, { dropout: p, eps }) // [B, T, D]
      : ops.dropout(g, ops.layerNorm(g, summed, gamma, beta, eps), p); // [B, T, D]
    for (const block of this.blocks) h = block.forward(g, h, items); // [B, T, D]
    return h;
  }

  /** hidden [B, T, D] → the state at each sequence's last real position [B, D]. */
  lastPosition(g: Graph, hidden: Tensor, lengths: ArrayLike<number>): Tensor {
    const [B, T] = hidden.shape as [number, number];
    if (lengths.length !== B) throw new Error(`${lengths.length} lengths for ${B} sequences`);
    const rows = Int32Array.from({ length: B }, (_, b) => b * T + Math.max(0, Math.min(T, lengths[b]!) - 1));
    return ops.embedding(g, hidden, g.ints(rows)); // [B, D]
  }
}
