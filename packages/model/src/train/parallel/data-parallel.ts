import { Worker } from 'node:worker_threads';
import { Arena, type AdamOptions, type AdamStateLayout, type Chunk, type Engine, type ParamLayout, type SharedEngineHandle } from '../../engine/index.ts';
import type { SasRecConfig } from '../../sasrec/config.ts';
import type { SasRec } from '../../sasrec/sasrec.ts';
import type { SharedBatch, SharedBatchLayout } from '../shared-batch.ts';
import * as w from './sync-words.ts';

/** What a replica worker receives (all structured-cloneable; the memory and buffers are shared, not copied). */
export interface ReplicaInit {
  entry: string;
  handle: SharedEngineHandle;
  config: SasRecConfig;
  layout: ParamLayout;
  replica: number;
  replicas: number;
  batch: SharedBatchLayout;
  sync: w.SyncBuffers;
  /** Adam's settings and the moments' offsets: every replica updates its shard of every parameter. */
  optimizer: { options: AdamOptions; state: AdamStateLayout };
}

/** A worker that has not answered within this long is taken for dead (a step takes well under a second). */
const STEP_TIMEOUT_MS = 120_000;

/**
 * Data parallelism over worker_threads: replica 0 is the calling thread, replicas 1..R−1 are workers. Every
 * replica reads its shard of the shared batch and writes its own gradient set; the caller then reduces them.
 * Waiting uses Atomics on shared memory, so a step costs no messages and no copies.
 */
export class DataParallelPool {
  private constructor(private readonly workers: Worker[], private readonly sync: w.SyncBuffers, private readonly heap: Engine['heap']) {}

  static async start(engine: Engine, model: SasRec, batch: SharedBatch, replicas: number, optimizer: ReplicaInit['optimizer']): Promise<DataParallelPool> {
    if (!engine.shared) throw new Error('data-parallel training needs the WebAssembly engine (shared memory)');
    if (model.store.layout.replicas.length < replicas) throw new Error(`model has ${model.store.layout.replicas.length} gradient sets, ${replicas} threads need one each`);
    const sync = w.createSyncBuffers(replicas);
    const workers: Worker[] = [];
    for (let replica = 1; replica < replicas; replica++) {
      const init: ReplicaInit = {
        entry: new URL('./replica-worker.ts', import.meta.url).href,
        handle: engine.shared,
        config: model.config,
        layout: model.store.layout,
        replica,
        replicas,
        batch: batch.layout,
        sync,
        optimizer,
      };
      workers.push(new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init }));
    }
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`replica worker exited with code ${code} before it was ready`)));
    })));
    return new DataParallelPool(workers, sync, engine.heap);
  }

  get replicas(): number {
    return this.workers.length + 1;
  }

  /** Forward and backward: the workers' shards start, replica 0's runs here; returns the summed loss. */
  run(step: { B: number; T: number; normalizer: number; seed: number; step: number }, ownShard: () => number): number {
    const { ints, floats } = this.sync;
    ints[w.B] = step.B;
    ints[w.T] = step.T;
    ints[w.SEED] = step.seed;
    ints[w.STEP] = step.step;
    floats[w.NORMALIZER] = step.normalizer;
    let loss = 0;
    this.command(w.CMD_STEP, () => {
      loss = ownShard();
    });
    for (let r = 1; r < this.replicas; r++) loss += floats[w.lossSlot(r)]!;
    return loss;
  }

  /** Gradient reduction and optimiser update, each replica on its shard of every parameter. */
  update(ownShard: () => void): void {
    this.command(w.CMD_UPDATE, ownShard);
  }

  private command(cmd: number, own: () => void): void {
    const { ints } = this.sync;
    Atomics.store(ints, w.DONE, 0);
    Atomics.store(ints, w.CMD, cmd);
    Atomics.add(ints, w.GEN, 1);
    Atomics.notify(ints, w.GEN);
    own();
    for (let done = Atomics.load(ints, w.DONE); done < this.workers.length; done = Atomics.load(ints, w.DONE)) {
      if (Atomics.wait(ints, w.DONE, done, STEP_TIMEOUT_MS) === 'timed-out' && Atomics.load(ints, w.DONE) === done) {
        throw new Error(`a replica worker did not answer within ${STEP_TIMEOUT_MS / 1000} s`);
      }
    }
    if (Atomics.load(ints, w.FAILED)) throw new Error(`data-parallel step failed: ${w.readErrorText(this.sync)}`);
  }

  async close(): Promise<void> {
    const { ints } = this.sync;
    Atomics.store(ints, w.CMD, w.CMD_EXIT);
    Atomics.add(ints, w.GEN, 1);
    Atomics.notify(ints, w.GEN);
    await Promise.all(this.workers.map((worker) => new Promise<void>((resolve) => {
      worker.on('message', (message: { released?: Chunk[] }) => {
        if (message.released) Arena.adopt(this.heap, message.released);
      });
      worker.once('exit', () => resolve());
      setTimeout(() => void worker.terminate().then(() => resolve()), 5000).unref();
    })));
  }
}
