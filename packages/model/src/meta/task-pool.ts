import { Arena, type Chunk, type Engine } from '../engine/index.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import { WorkerTeam } from '../train/parallel/worker-team.ts';
import { TaskLearner } from './task-learner.ts';
import { EventLoopYielder } from '../train/event-loop-yielder.ts';
import { runTaskRequestYielding, type AdaptRequest, type AdaptResult, type AdaptTask, type InnerSettings, type MetaTaskRequest, type QueryLossRequest, type TaskRequest } from './task-ops.ts';

/**
 * Few-shot tasks of one learner spread over threads: task copy 0 runs on the calling thread, copies 1..R−1 in
 * workers over the same shared memory. A batch of tasks is cut into contiguous shards, one per thread; every task's
 * randomness derives from its index in the batch, so results do not depend on the thread count.
 */
export class TaskPool {
  private readonly yielder = new EventLoopYielder();

  private constructor(
    readonly engine: Engine,
    readonly theta: SasRec,
    readonly learners: TaskLearner[],
    private readonly team: WorkerTeam | undefined,
  ) {}

  /** `globalGradients`: the pool's meta-batches may train θ's global item representation too (includeGlobal). */
  static async start(engine: Engine, theta: SasRec, threads: number, { globalGradients = false }: { globalGradients?: boolean } = {}): Promise<TaskPool> {
    const count = engine.shared ? Math.max(1, threads) : 1;
    const learners = Array.from({ length: count }, () => TaskLearner.create(engine, theta, { globalGradients }));
    const team = count > 1
      ? await WorkerTeam.start(new URL('./task-worker.ts', import.meta.url), learners.slice(1).map((l) => ({ handle: engine.shared, learner: l.init })))
      : undefined;
    return new TaskPool(engine, theta, learners, team);
  }

  get threads(): number {
    return this.learners.length;
  }

  /**
   * One meta-batch of first-order MAML: every window's query gradient (at its adapted local modules) accumulates,
   * scaled by 1 / batch size, into the task copies' meta gradient sets, then into θ's gradient (set 0). Returns
   * each task's query loss. The caller takes the optimiser step on θ.
   */
  async metaBatch(windows: Int32Array[], options: { inner: InnerSettings; includeGlobal: boolean; seed: number; step: number }): Promise<number[]> {
    const losses = await this.runSharded<Int32Array, number[]>(windows, (shard, firstIndex): MetaTaskRequest => ({
      kind: 'meta', windows: shard, firstIndex, inner: options.inner, scale: 1 / windows.length, includeGlobal: options.includeGlobal, seed: options.seed, step: options.step,
    }));
    for (const learner of this.learners) learner.moveMetaGradientsInto(this.theta);
    return losses.flat();
  }

  /** Each window's query loss after adapting to its support, without gradients (validation curves). */
  async queryLosses(windows: Int32Array[], options: { inner: InnerSettings; seed: number }): Promise<number[]> {
    const parts = await this.runSharded<Int32Array, number[]>(windows, (shard, firstIndex): QueryLossRequest => ({ kind: 'query-loss', windows: shard, firstIndex, ...options }));
    return parts.flat();
  }

  /** Adapts to each task and scores its cases (see AdaptRequest); results in task order. */
  /**
   * Adapts and scores tasks. `firstIndex` is the first task's index in a larger set the caller splits into calls
   * (each task's randomness derives from its index), so results do not depend on how the set was split either.
   */
  async adapt(tasks: AdaptTask[], { firstIndex: offset = 0, ...options }: { inner: InnerSettings; selectBest?: boolean; hidden: boolean; seed: number; firstIndex?: number }): Promise<AdaptResult> {
    const parts = await this.runSharded<AdaptTask, AdaptResult>(tasks, (shard, firstIndex): AdaptRequest => ({ kind: 'adapt', tasks: shard, firstIndex: offset + firstIndex, ...options }));
    return { scored: parts.flatMap((p) => p.scored), epochs: parts.flatMap((p) => p.epochs) };
  }

  /**
   * Ends the workers and frees everything the pool took from the heap: every thread's working memory and the task
   * copies' parameters and gradient sets (a feature learner's copies hold gradients as large as its item table).
   */
  async close(): Promise<void> {
    if (this.team) {
      const handedOver = await Promise.allSettled(this.learners.slice(1).map((_, i) => this.team!.request<Chunk[]>(i, { kind: 'hand-over' })));
      for (const result of handedOver) if (result.status === 'fulfilled') Arena.adopt(this.engine.heap, result.value);
      await this.team.close();
    }
    Arena.adopt(this.engine.heap, this.learners[0]!.handOver());
    // Every worker has ended (terminate resolved), so nothing reads the copies any more.
    for (const learner of this.learners) learner.model.store.release();
  }

  private async runSharded<T, R extends number[] | AdaptResult>(items: T[], request: (shard: T[], firstIndex: number) => TaskRequest): Promise<R[]> {
    const R = this.learners.length;
    const bounds = Array.from({ length: R + 1 }, (_, r) => Math.floor((r * items.length) / R));
    const remote = Array.from({ length: R - 1 }, (_, i) => {
      const r = i + 1;
      return this.team!.request<R>(i, request(items.slice(bounds[r], bounds[r + 1]), bounds[r]!));
    });
    // Handled from now on: the calling thread yields while it works, and a worker's failure arriving meanwhile must
    // not count as an unhandled rejection (it is rethrown below).
    const answers = Promise.all(remote);
    answers.catch(() => undefined);
    // The calling thread's shard runs while the workers run theirs.
    let own: R;
    try {
      own = (await runTaskRequestYielding(this.learners[0]!, request(items.slice(0, bounds[1]), 0), this.yielder)) as R;
    } catch (error) {
      await Promise.allSettled(remote); // never leave a worker's answer unhandled
      throw error;
    }
    return [own, ...(await answers)];
  }
}
