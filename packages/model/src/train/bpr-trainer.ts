import { Adam, Workspace, type Engine } from '../engine/index.ts';
import type { RawBprBatch } from '../data/bpr-batches.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import { bprShardStep } from './bpr-shard-step.ts';
import { DataParallelPool } from './parallel/data-parallel.ts';
import { SharedBatch } from './shared-batch.ts';

export interface BprTrainerOptions {
  /** Adam learning rate (1e-3: what trains SASRec well on ML-100K, mml-method.md). */
  lr: number;
  /** Dropout masks derive from (seed, step): same seed and thread count → same run. */
  seed: number;
  /** Threads for data parallelism; the model needs one gradient set per thread (SasRec.create replicas). */
  threads?: number;
  /** Largest B·T a batch will have (sizes the shared batch buffer). */
  maxBatchPositions: number;
}

/**
 * One BPR training step of a SASRec: shards of the batch on every thread, gradients reduced into replica 0's,
 * then Adam (row-sparse for the item table). Deterministic for a given seed and thread count.
 */
export class BprTrainer {
  readonly workspace: Workspace;
  private steps = 0;

  private constructor(
    readonly engine: Engine,
    readonly model: SasRec,
    private readonly batch: SharedBatch,
    private readonly pool: DataParallelPool | undefined,
    readonly optimizer: Adam,
    private readonly options: BprTrainerOptions,
  ) {
    this.workspace = new Workspace(engine);
  }

  static async create(engine: Engine, model: SasRec, options: BprTrainerOptions): Promise<BprTrainer> {
    const threads = options.threads ?? 1;
    const batch = SharedBatch.allocate(engine.heap, options.maxBatchPositions);
    const adamOptions = { lr: options.lr };
    const optimizer = new Adam(engine, adamOptions);
    // Moments are allocated before workers start so every replica updates the same state; a frozen parameter (a
    // frozen feature table: [items, vector size]) never steps and gets none.
    const state = optimizer.prepare(model.params.filter((p) => !p.frozen));
    const pool = threads > 1 ? await DataParallelPool.start(engine, model, batch, threads, { options: adamOptions, state }) : undefined;
    return new BprTrainer(engine, model, batch, pool, optimizer, options);
  }

  get threads(): number {
    return this.pool?.replicas ?? 1;
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Forward, backward and one Adam step on a batch; returns the batch's mean BPR loss. */
  step(raw: RawBprBatch): number {
    this.batch.write(raw);
    const step = { B: raw.B, T: raw.T, normalizer: raw.normalizer, seed: this.options.seed, step: this.steps };
    const own = () => bprShardStep(this.model, this.workspace, this.batch, { ...step, replica: 0, replicas: this.threads });
    if (!this.pool) {
      const loss = own();
      this.optimizer.step(this.model.params);
      this.steps++;
      return loss;
    }
    const loss = this.pool.run(step, own);
    const shard = { index: 0, count: this.pool.replicas };
    this.pool.update(() => {
      this.model.store.reduceReplicaGrads(shard);
      this.optimizer.step(this.model.params, shard);
    });
    this.steps++;
    return loss;
  }

  /** Stops the worker threads and frees the trainer's memory: its batch, Adam's moments, every thread's activations. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.workspace.release();
    this.batch.release();
    this.optimizer.release();
  }
}
