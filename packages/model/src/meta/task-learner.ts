import { allocateSpan, Graph, Sgd, Tensor, Workspace, type Chunk, type Engine, type Param, type ParamLayout, type Rng } from '../engine/index.ts';
import { FrozenItemTable } from '../sasrec/frozen-item-table.ts';
import { IdItemEncoder, type ItemEncoder } from '../sasrec/item-encoder.ts';
import type { RawBprBatch } from '../data/bpr-batches.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import type { SasRecConfig } from '../sasrec/config.ts';
import { historyInputs, queryBatch, supportBatch } from './sequence-batches.ts';

/** Gradient set the inner loop writes and SGD consumes. */
const INNER = 0;
/** Gradient set where query gradients of a meta-batch accumulate for θ's outer step. */
const META = 1;

/** What a worker thread needs to bind its own task copy (all plain numbers: structured-cloneable). */
export interface TaskLearnerInit {
  config: SasRecConfig;
  layout: ParamLayout;
  /** θ's local-module value offsets: every task starts from a copy of them. */
  thetaLocal: Record<string, number>;
}

/** How a task adapts: plain SGD on the local modules (mml-method.md, stage 1 inner loop and meta-test). */
export interface InnerLoopOptions {
  steps: number;
  lr: number;
  /** Dropout during adaptation (the meta-learning inner loop trains; a deterministic serve may not). */
  dropout: boolean;
  /** Seeds the dropout masks of these steps: (seed, step) → same masks. */
  seed: number;
  step: number;
}

export interface ScoredCases {
  /** [B, numItems + 1] full-ranking scores (column 0 is padding). */
  scores: Float32Array;
  /** [B, maxLength · D] last-layer hidden states, left-aligned and zero past each history (the fusion input). */
  hidden: Float32Array;
}

/**
 * One thread's working copy of a learner for few-shot tasks: its own local modules (position embedding, blocks,
 * input LayerNorm), θ's global item representation shared in place, and two gradient sets (inner loop and
 * meta accumulation). A task copies θ's local modules, adapts them on the support, then reads the query.
 */
export class TaskLearner {
  readonly workspace: Workspace;
  readonly local: Param[];
  readonly global: Param[];
  /**
   * Globals that never train here: those the model's config freezes for good (a frozen feature table), and every
   * one when this copy has no gradient buffers for them (see create). Unfreezing the others leaves them be.
   */
  private readonly alwaysFrozen: ReadonlySet<Param>;
  private readonly hasGlobalGradients: boolean;
  private readonly sgd: Sgd;
  private tableBuffer: { tensor: Tensor; span: Chunk } | undefined;
  /** θ's item vectors [numItems + 1, D], kept in this learner's own buffer while its globals are unchanged. */
  private frozenTable: FrozenItemTable | undefined;

  private constructor(readonly engine: Engine, readonly model: SasRec, private readonly thetaLocal: Record<string, number>) {
    this.workspace = new Workspace(engine);
    const groups = model.parameterGroups();
    this.local = groups.local;
    this.global = groups.global;
    const withoutGradients = model.store.layout.replicas[META]!.without ?? [];
    // Frozen by the config (a frozen feature table) or without a buffer here: either way it never trains in this copy.
    this.hasGlobalGradients = groups.global.every((p) => p.frozen || !withoutGradients.includes(p.name));
    this.alwaysFrozen = new Set(groups.global.filter((p) => p.frozen || withoutGradients.includes(p.name)));
    this.sgd = new Sgd(engine, { lr: 0 });
  }

  /**
   * A task copy of θ on this thread (main thread: allocates). θ's global item representation gets gradient buffers
   * here only with `globalGradients` (meta-learning with MmlConfig.meta.includeGlobal): adaptation and scoring
   * never train it, and a feature learner's buffer is as large as its feature table.
   */
  static create(engine: Engine, theta: SasRec, { globalGradients = false }: { globalGradients?: boolean } = {}): TaskLearner {
    const model = SasRec.create(engine, theta.config, { seed: 0, replicas: 2, shareValues: theta.globalValueOffsets(), sharedGradients: globalGradients ? [META] : [] });
    const thetaLocal = Object.fromEntries(theta.parameterGroups().local.map((p) => [p.name, p.value.offset]));
    const learner = new TaskLearner(engine, model, thetaLocal);
    learner.resetToTheta();
    return learner;
  }

  /** Binds a copy allocated by another thread (workers). */
  static attach(engine: Engine, init: TaskLearnerInit): TaskLearner {
    return new TaskLearner(engine, SasRec.attach(engine, init.config, init.layout, 0), init.thetaLocal);
  }

  /**
   * Empties this copy's working memory (activations, the item vectors of a feature learner) and returns it, for
   * the thread that stays to free: a worker about to exit calls it. The copy must not run again.
   */
  handOver(): Chunk[] {
    const spans = this.workspace.handOver();
    if (this.tableBuffer) spans.push(this.tableBuffer.span);
    this.tableBuffer = undefined;
    this.frozenTable = undefined;
    return spans;
  }

  get init(): TaskLearnerInit {
    return { config: this.model.config, layout: this.model.store.layout, thetaLocal: this.thetaLocal };
  }

  /**
   * Recomputes the item vectors adaptation and scoring read (call after θ's global parameters changed: each
   * request starts with it). For an ID learner they are the table itself, read in place.
   */
  refreshItemTable(): void {
    const encoder = this.model.encoder;
    if (encoder instanceof IdItemEncoder) {
      this.frozenTable = new FrozenItemTable(encoder.table.value);
      return;
    }
    const { numItems, hiddenSize: D } = this.model.config;
    if (!this.tableBuffer) {
      const span = allocateSpan(this.engine.heap, (numItems + 1) * D);
      this.tableBuffer = { tensor: new Tensor(this.engine.heap, [numItems + 1, D], span.offset), span };
    }
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      this.engine.kernels.copy(encoder.all(g).offset, this.tableBuffer.tensor.offset, this.tableBuffer.tensor.size);
    } finally {
      g.dispose();
    }
    this.frozenTable = new FrozenItemTable(this.tableBuffer.tensor);
  }

  private get itemTable(): FrozenItemTable {
    if (!this.frozenTable) this.refreshItemTable();
    return this.frozenTable!;
  }

  /** Local modules ← θ's (a task's starting point). */
  resetToTheta(): void {
    for (const p of this.local) this.engine.kernels.copy(this.thetaLocal[p.name]!, p.value.offset, p.value.size);
  }

  /** Plain SGD on the local modules over the support sequence; globals stay frozen. */
  adapt(support: Int32Array, options: InnerLoopOptions, rng: Rng): void {
    if (support.length < 2 || options.steps <= 0) return;
    this.model.store.useGradients(INNER);
    this.setGlobalsFrozen(true);
    try {
      for (let s = 0; s < options.steps; s++) {
        this.runLoss(supportBatch(support, this.model.config.maxLength, this.model.config.numItems, rng), options.dropout, options.seed, options.step + s, 1, this.itemTable);
        this.sgd.step([{ params: this.local, lr: options.lr }]);
      }
    } finally {
      this.setGlobalsFrozen(false);
    }
  }

  /**
   * The query loss at the current (adapted) weights; its gradient, times `scale`, accumulates into the meta set
   * (first-order MAML: ∇ at θ' stands for ∇ at θ). With `includeGlobal` false only the local modules get one.
   */
  accumulateQueryGradient(sequence: Int32Array, scale: number, includeGlobal: boolean, seed: number, step: number, rng: Rng): number {
    if (includeGlobal && !this.hasGlobalGradients) throw new Error('this task copy has no gradient buffers for the global item representation: create it (TaskPool.start) with globalGradients to meta-learn that too');
    this.model.store.useGradients(META);
    this.setGlobalsFrozen(!includeGlobal);
    try {
      const batch = queryBatch(sequence, this.model.config.maxLength, this.model.config.numItems, rng);
      return this.runLoss(batch, true, seed, step, scale, includeGlobal ? this.model.encoder : this.itemTable);
    } finally {
      this.setGlobalsFrozen(false);
      this.model.store.useGradients(INNER);
    }
  }

  /**
   * Adds the accumulated meta gradients into θ's current gradient set and clears them here. Runs on the main
   * thread once every task copy has finished its shard.
   */
  moveMetaGradientsInto(theta: SasRec): void {
    const { kernels } = this.engine;
    this.model.store.useGradients(META);
    try {
      for (const p of this.model.params) {
        if (!p.value.grad) continue; // a global this copy keeps no gradient for (create's globalGradients)
        const target = theta.store.get(p.name);
        const src = p.tracker;
        const dst = target.tracker;
        if (src && dst) {
          kernels.accumulateRows(p.grad.offset, target.grad.offset, p.spec.shape[1] ?? 1, src.marks, dst.marks, 0, p.spec.shape[0]!);
        } else {
          kernels.axpy(target.grad.offset, p.grad.offset, 1, p.grad.size);
          kernels.zero(p.grad.offset, p.grad.size);
        }
      }
    } finally {
      this.model.store.useGradients(INNER);
    }
  }

  /** The query loss without any gradient (evaluation mode: no dropout). */
  queryLoss(sequence: Int32Array, rng: Rng): number {
    const batch = queryBatch(sequence, this.model.config.maxLength, this.model.config.numItems, rng);
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      const { loss } = this.model.calculateLoss(g, this.toTensors(g, batch), this.itemTable);
      return loss.data[0]!;
    } finally {
      g.dispose();
    }
  }

  /** Full-ranking scores and hidden states for histories at the current weights (no dropout, no gradient). */
  score(histories: readonly Int32Array[]): ScoredCases {
    const { maxLength: T } = this.model.config;
    const B = histories.length;
    const { items, lengths } = historyInputs(histories, T);
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      const ids = g.ints(items, [B, T]);
      const { hidden } = this.model.encode(g, ids, this.itemTable); // [B, T, D]
      const sequence = this.model.lastPosition(g, hidden, lengths); // [B, D]
      const scores = Float32Array.from(this.model.scoreSequences(g, sequence, this.itemTable).data); // [B, numItems + 1]
      const flat = Float32Array.from(hidden.data); // [B, T·D]
      const D = this.model.config.hiddenSize;
      // Padding positions carry no information about the user: zero them so the fusion sees only real states.
      lengths.forEach((length, b) => flat.fill(0, (b * T + length) * D, (b + 1) * T * D));
      return { scores, hidden: flat };
    } finally {
      g.dispose();
    }
  }

  private runLoss(batch: RawBprBatch, training: boolean, seed: number, step: number, scale: number, encoder: ItemEncoder = this.model.encoder): number {
    const g = new Graph(this.workspace, { training, seed, step });
    try {
      const { loss } = this.model.calculateLoss(g, this.toTensors(g, batch), encoder);
      g.backward(loss, scale);
      return loss.data[0]!;
    } finally {
      g.dispose();
    }
  }

  private toTensors(g: Graph, batch: RawBprBatch) {
    const shape = [batch.B, batch.T];
    return { items: g.ints(batch.items, shape), positives: g.ints(batch.positives, shape), negatives: g.ints(batch.negatives, shape), normalizer: batch.normalizer };
  }

  private setGlobalsFrozen(frozen: boolean): void {
    for (const p of this.global) p.frozen = frozen || this.alwaysFrozen.has(p);
  }
}
