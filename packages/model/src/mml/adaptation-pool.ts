import { WorkerTeam } from '../train/parallel/worker-team.ts';

export interface AdaptationRequest {
  history: Int32Array;
}

export interface AdaptationResult {
  names: string[];
  values: Float32Array[];
}

/**
 * Serving's few-shot adaptation off the request thread: each worker thread holds its own copy of the model
 * (loaded from the same artifact) and runs `MmlModel.adaptedLocalModules` for one history at a time, so a cold
 * user's SGD steps never block the event loop that answers everyone else, and cold users adapt on several cores.
 * Results are exactly the in-process ones (same artifact, same seeded procedure).
 */
export class AdaptationPool {
  private readonly busy: number[];
  /** Adaptations under way: close() lets them finish (a pool replaced under load still answers what it took). */
  private readonly pending = new Set<Promise<unknown>>();

  private constructor(private readonly team: WorkerTeam) {
    this.busy = new Array<number>(team.size).fill(0);
  }

  /** Starts `threads` workers, each loading `artifact` (an MML weight file); resolves when all are ready. */
  static async start(artifact: Uint8Array, threads: number): Promise<AdaptationPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`an adaptation pool needs at least one thread, got ${threads}`);
    const inits = Array.from({ length: threads }, () => ({ artifact }));
    return new AdaptationPool(await WorkerTeam.start(new URL('./adaptation-worker.ts', import.meta.url), inits));
  }

  get threads(): number {
    return this.team.size;
  }

  /** The adapted local modules of every learner, keyed `<learner>.<param>`, from the least busy worker. */
  async adapt(history: Int32Array): Promise<Map<string, Float32Array>> {
    let index = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[index]!) index = i;
    this.busy[index]!++;
    const request = this.team.request<AdaptationResult>(index, { history } satisfies AdaptationRequest);
    this.pending.add(request);
    try {
      const result = await request;
      return new Map(result.names.map((name, i) => [name, result.values[i]!]));
    } finally {
      this.busy[index]!--;
      this.pending.delete(request);
    }
  }

  /** Stops the workers once the adaptations under way have answered. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.team.close();
  }
}
