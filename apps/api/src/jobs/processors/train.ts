import type { Database } from '@fewshot/db';
import { DEFAULT_PROMOTION_POLICY, failInterruptedTraining, promoteIfBetter } from '@fewshot/pipeline/lifecycle';
import { isHeapFull } from '@fewshot/model/engine';
import { trainModelVersion } from '@fewshot/pipeline/train';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobProgressReporter } from '../job-progress.ts';
import { checkCron } from '../retrain-schedules.ts';
import { endedBeforeStart, type TrainJobData, type TrainJobResult } from '../queues.ts';

/**
 * The `train` job: the training pipeline on a snapshot of the database, a READY version with its metrics, then (when
 * asked) promotion if the policy says it beats the active version. A retry after a worker died first marks the run
 * it left behind FAILED (its version never had an artifact, so nothing half-written can become active) and trains
 * under a new run; a retry after its training had already succeeded trains nothing (succeededEarlier). Its
 * AbortSignal stops the training between steps.
 */
export function trainProcessor(deps: { db: Database; coldThreshold?: number; newItemWithin?: number }) {
  return async (job: Job<TrainJobData, TrainJobResult>, signal: AbortSignal): Promise<TrainJobResult> => {
    const { db } = deps;
    const progress = new JobProgressReporter(job);
    const succeeded = await succeededEarlier(db, job);
    if (succeeded) return finishSucceeded(db, job, succeeded, progress);
    const runId = await claimRun(db, job, progress);
    progress.report({ stage: 'snapshot', fraction: 0, message: `training run ${runId}` });
    try {
      const trained = await trainModelVersion({
        db,
        runId,
        name: job.data.name,
        config: job.data.config,
        // The version's replay of new-item slots adapts users and bounds slots as this deployment's replicas do.
        evaluation: {
          ...job.data.evaluation,
          ...(deps.coldThreshold === undefined ? {} : { coldThreshold: deps.coldThreshold }),
          ...(deps.newItemWithin === undefined ? {} : { newItemWithin: [deps.newItemWithin] }),
        },
        // This process also renews the job's lock and, on the embedded default, answers the api's requests.
        offThread: true,
        signal,
        onProgress: (p) => progress.report({ stage: p.stage, fraction: p.fraction, message: p.message, ...(p.finishesAt ? { finishesAt: p.finishesAt.toISOString() } : {}) }),
      });
      const { promoted, promotion } = await promoteIfAsked(db, job, trained.versionId, progress);
      progress.report({ stage: 'done', fraction: 1, message: `model version ${trained.versionId}` });
      await progress.flush();
      return { runId, versionId: trained.versionId, promoted, promotion, seconds: trained.seconds };
    } catch (error) {
      throw finalIfCatalogTooLarge(error);
    } finally {
      await progress.flush();
    }
  };
}

/**
 * A training that ran out of the engine's memory runs out again on every attempt, after as long (hours on a catalog
 * that size): such a failure is final, with its message saying what would make the catalog fit. Anything else
 * (a worker stopped, the database away) keeps its retry.
 */
export function finalIfCatalogTooLarge(error: unknown): unknown {
  return isHeapFull(error) ? new UnrecoverableError((error as Error).message) : error;
}

interface SucceededRun {
  id: number;
  versionId: number;
  seconds: number;
}

/**
 * The run of this job that already SUCCEEDED, if one did: BullMQ runs a job again when its worker lost the job's lock
 * (its event loop held past the lock's duration on an overloaded machine, or the process paused or cut off from Redis)
 * or stopped between storing the version and reporting the job done. Training it again
 * would take as long again and make a second version of the same data.
 */
async function succeededEarlier(db: Database, job: Job<TrainJobData, TrainJobResult>): Promise<SucceededRun | null> {
  if (job.data.runId === undefined) return null;
  const run = await db.prisma.trainingRun.findUnique({ where: { id: job.data.runId }, select: { status: true, modelVersionId: true, startedAt: true, finishedAt: true } });
  if (run?.status !== 'SUCCEEDED' || run.modelVersionId === null) return null;
  const seconds = run.startedAt && run.finishedAt ? (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000 : 0;
  return { id: job.data.runId, versionId: run.modelVersionId, seconds };
}

/** Answers for an attempt that found its training already done: the same version, promoted now if asked and not yet. */
async function finishSucceeded(db: Database, job: Job<TrainJobData, TrainJobResult>, run: SucceededRun, progress: JobProgressReporter): Promise<TrainJobResult> {
  try {
    progress.log(`training run ${run.id} of this job already succeeded (model version ${run.versionId}) before attempt ${job.attemptsStarted}: not training again`);
    const { promoted, promotion } = await promoteIfAsked(db, job, run.versionId, progress);
    progress.report({ stage: 'done', fraction: 1, message: `model version ${run.versionId}` });
    return { runId: run.id, versionId: run.versionId, promoted, promotion, seconds: run.seconds };
  } finally {
    await progress.flush();
  }
}

/** With autoPromote, the policy's decision (a version active already counts as promoted: an earlier attempt did it). */
async function promoteIfAsked(db: Database, job: Job<TrainJobData, TrainJobResult>, versionId: number, progress: JobProgressReporter): Promise<{ promoted: boolean; promotion: string | null }> {
  if (!job.data.autoPromote) return { promoted: false, promotion: null };
  const decision = await promoteIfBetter(db, versionId, { ...DEFAULT_PROMOTION_POLICY, ...job.data.policy });
  const promoted = decision.promote || decision.activeVersionId === versionId;
  progress.log(`${promoted ? 'promoted' : 'not promoted'}: ${decision.reason}`);
  return { promoted, promotion: decision.reason };
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
    if (run && endedBeforeStart(run)) throw new UnrecoverableError(`training run ${runId} was ${run.status.toLowerCase()} before it started${run.error ? ` (${run.error})` : ''}: not training it`);
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
