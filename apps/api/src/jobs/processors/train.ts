import type { Database } from '@fewshot/db';
import { DEFAULT_PROMOTION_POLICY, failInterruptedTraining, promoteIfBetter } from '@fewshot/pipeline/lifecycle';
import { trainModelVersion } from '@fewshot/pipeline/train';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobProgressReporter } from '../job-progress.ts';
import { checkCron } from '../retrain-schedules.ts';
import type { TrainJobData, TrainJobResult } from '../queues.ts';

/**
 * The `train` job: the training pipeline on a snapshot of the database, a READY version with its metrics, then (when
 * asked) promotion if the policy says it beats the active version. A retry after a worker died first marks the run
 * it left behind FAILED (its version never had an artifact, so nothing half-written can become active) and trains
 * under a new run. Its AbortSignal stops the training between steps.
 */
export function trainProcessor(deps: { db: Database }) {
  return async (job: Job<TrainJobData, TrainJobResult>, signal: AbortSignal): Promise<TrainJobResult> => {
    const { db } = deps;
    const progress = new JobProgressReporter(job);
    const runId = await claimRun(db, job, progress);
    progress.report({ stage: 'snapshot', fraction: 0, message: `training run ${runId}` });
    try {
      const trained = await trainModelVersion({
        db,
        runId,
        name: job.data.name,
        config: job.data.config,
        evaluation: job.data.evaluation,
        signal,
        onProgress: (p) => progress.report({ stage: p.stage, fraction: p.fraction, message: p.message }),
      });
      let promoted = false;
      let promotion: string | null = null;
      if (job.data.autoPromote) {
        const decision = await promoteIfBetter(db, trained.versionId, { ...DEFAULT_PROMOTION_POLICY, ...job.data.policy });
        promoted = decision.promote;
        promotion = decision.reason;
        progress.log(`${promoted ? 'promoted' : 'not promoted'}: ${decision.reason}`);
      }
      progress.report({ stage: 'done', fraction: 1, message: `model version ${trained.versionId}` });
      await progress.flush();
      return { runId, versionId: trained.versionId, promoted, promotion, seconds: trained.seconds };
    } finally {
      await progress.flush();
    }
  };
}

/**
 * The QUEUED run this attempt executes: the one made when the job was queued, or (a retry, or a job from a retrain
 * schedule) a new one, after failing whatever an earlier attempt of this job left RUNNING.
 */
async function claimRun(db: Database, job: Job<TrainJobData, TrainJobResult>, progress: JobProgressReporter): Promise<number> {
  const jobId = String(job.id);
  const runId = job.data.runId;
  if (job.data.scheduleId !== undefined && runId === undefined) await noteScheduledRun(db, job.data.scheduleId);
  if (runId !== undefined) {
    const run = await db.prisma.trainingRun.findUnique({ where: { id: runId }, select: { status: true, startedAt: true, error: true } });
    if (run?.status === 'QUEUED') return runId;
    // Refused or cancelled before it ever started (the api answered that it could not queue it): a job that reached
    // Redis anyway must not train.
    if (run && run.startedAt === null && (run.status === 'FAILED' || run.status === 'CANCELLED')) throw new UnrecoverableError(`training run ${runId} was ${run.status.toLowerCase()} before it started${run.error ? ` (${run.error})` : ''}: not training it`);
  }
  const interrupted = await failInterruptedTraining(db, { jobId, reason: `the worker running it stopped before it finished (attempt ${job.attemptsStarted} of job ${jobId} starts over)` });
  if (interrupted.runs.length > 0) progress.log(`marked run(s) ${interrupted.runs.join(', ')} FAILED: an earlier attempt was interrupted`);
  const run = await db.prisma.trainingRun.create({
    data: { status: 'QUEUED', jobId, scheduleId: job.data.scheduleId ?? null, config: JSON.parse(JSON.stringify(job.data)), message: job.data.reason ?? null },
  });
  await job.updateData({ ...job.data, runId: run.id });
  return run.id;
}

/** A schedule's row shows when it last queued a training and when it will next. */
async function noteScheduledRun(db: Database, scheduleId: number): Promise<void> {
  const schedule = await db.prisma.retrainSchedule.findUnique({ where: { id: scheduleId } });
  if (!schedule) return;
  let next: Date | null = null;
  try {
    next = checkCron(schedule.cron, schedule.timezone, 1)[0] ?? null;
  } catch {
    // A schedule stored before its expression was checked: the run still happens.
  }
  await db.prisma.retrainSchedule.update({ where: { id: scheduleId }, data: { lastRunAt: new Date(), nextRunAt: next } });
}
