import type { Database } from '@fewshot/db';

/** Where a training run is: what the CLI draws and the TrainingRun row (and so the console) shows. */
export interface TrainingProgress {
  stage: string;
  /** 0..1 of the current stage. */
  stageFraction: number;
  /** 0..1 of the whole run. */
  fraction: number;
  message?: string;
  /** When the whole run will likely end (FinishEstimate); absent until it can be told. */
  finishesAt?: Date;
}

/**
 * Mirrors progress into the training_runs row: at once on a new stage, otherwise at most once per `intervalMs`.
 * Writes are chained so they land in order and never overlap; flush() waits for the last one.
 */
export class RunProgressWriter {
  private chain: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private lastStage = '';
  private failure: unknown;

  constructor(private readonly db: Database, private readonly runId: number, private readonly intervalMs = 1000) {}

  update(progress: TrainingProgress): void {
    const now = Date.now();
    if (progress.stage === this.lastStage && now - this.lastWrite < this.intervalMs) return;
    this.lastStage = progress.stage;
    this.lastWrite = now;
    const data = { stage: progress.stage, progress: Math.min(1, Math.max(0, progress.fraction)), message: progress.message ?? null, estimatedFinishAt: progress.finishesAt ?? null };
    this.chain = this.chain
      .then(() => this.db.prisma.trainingRun.update({ where: { id: this.runId }, data }))
      .then(() => undefined, (error: unknown) => {
        this.failure ??= error; // progress is advisory: a failed write must not fail the training
      });
  }

  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) console.error(`fewshot: could not record training progress: ${String(this.failure)}`);
  }
}
