/**
 * Training steps are synchronous (the engine's kernels block the calling thread while its threads compute), so a
 * loop of them holds the event loop for as long as it runs: minutes on a real catalog. The process that trains is
 * also a job worker (its queue lock must be renewed), the embedded api (it answers requests) and the one that hears a
 * cancel (an AbortSignal fired by a message): each of those waits for the loop. A yielder lets them run between steps
 * once `everyMs` has passed, costing one macrotask per interval.
 */
export class EventLoopYielder {
  private last = performance.now();

  constructor(private readonly everyMs = 100) {}

  /** Resolves at once unless `everyMs` passed since the last yield; then after pending timers and I/O have run. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.last < this.everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
