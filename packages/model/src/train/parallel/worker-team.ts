import { Worker, parentPort, type TransferListItem } from 'node:worker_threads';

interface Envelope {
  id: number;
  message?: unknown;
  result?: unknown;
  error?: string;
}

/**
 * Long-lived worker threads that answer requests (message in, result out). For work items of milliseconds or
 * more, such as a few-shot task's inner loop, a message costs nothing worth measuring and keeps the code simple;
 * the lock-step data-parallel training step uses shared-memory signalling instead (DataParallelPool).
 */
export class WorkerTeam {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (envelope: Envelope) => {
        const waiter = this.pending.get(envelope.id);
        if (!waiter) return;
        this.pending.delete(envelope.id);
        if (envelope.error !== undefined) waiter.reject(new Error(envelope.error));
        else waiter.resolve(envelope.result);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a worker thread exited with code ${code}`)));
    }
  }

  /**
   * Starts one worker per init: each runs `entry` (a TypeScript module that calls serveRequests) with its init as
   * `workerData.init`. Resolves when every worker has said it is ready.
   */
  static async start(entry: URL, inits: readonly unknown[]): Promise<WorkerTeam> {
    const boot = new URL('./worker-boot.mjs', import.meta.url);
    const workers = inits.map((init) => new Worker(boot, { workerData: { entry: entry.href, init } }));
    try {
      await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`worker thread exited with code ${code} before it was ready`)));
      })));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    return new WorkerTeam(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one request to worker `index`; resolves with its result or rejects with its error. */
  request<T>(index: number, message: unknown, transfer: readonly TransferListItem[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.workers[index];
    if (!worker) return Promise.reject(new Error(`no worker ${index} (team of ${this.workers.length})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, message } satisfies Envelope, transfer);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const worker of workers) worker.removeAllListeners('exit');
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Worker side: says ready, then answers each request with handler's result (or its error's message). */
export function serveRequests(handler: (message: unknown) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.on('message', (envelope: Envelope) => {
    try {
      port.postMessage({ id: envelope.id, result: handler(envelope.message) } satisfies Envelope);
    } catch (error) {
      port.postMessage({ id: envelope.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies Envelope);
    }
  });
  port.postMessage('ready');
}
