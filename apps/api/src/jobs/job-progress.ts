import type { Job } from 'bullmq';
import type { JobProgress } from './queues.ts';

/**
 * Reports a job's stage and fraction through job.updateProgress (which reaches QueueEvents listeners and the job
 * list): at once on a new stage, otherwise at most every `intervalMs`; each new stage is also a line of the job's
 * log. Writes are chained so they land in order; a failed write never fails the job.
 */
export class JobProgressReporter {
  private chain: Promise<unknown> = Promise.resolve();
  private lastStage = '';
  private lastWrite = 0;

  constructor(private readonly job: Job, private readonly intervalMs = 250) {}

  report(progress: JobProgress): void {
    const now = Date.now();
    const newStage = progress.stage !== this.lastStage;
    if (!newStage && now - this.lastWrite < this.intervalMs && progress.fraction < 1) return;
    this.lastStage = progress.stage;
    this.lastWrite = now;
    const value: JobProgress = { stage: progress.stage, fraction: Math.min(1, Math.max(0, progress.fraction)), ...(progress.message ? { message: progress.message } : {}), ...(progress.finishesAt ? { finishesAt: progress.finishesAt } : {}) };
    this.chain = this.chain
      .then(() => this.job.updateProgress(value))
      .then(() => (newStage ? this.job.log(`${new Date().toISOString()} ${progress.stage}${progress.message ? `: ${progress.message}` : ''}`) : undefined))
      .catch(() => undefined);
  }

  /** A line in the job's log (shown in the console). */
  log(line: string): void {
    this.chain = this.chain.then(() => this.job.log(`${new Date().toISOString()} ${line}`)).catch(() => undefined);
  }

  flush(): Promise<unknown> {
    return this.chain;
  }
}
