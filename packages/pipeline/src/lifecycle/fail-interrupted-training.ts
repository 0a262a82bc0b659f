import type { Database } from '@fewshot/db';
import { deleteArtifactChunks } from '../train/artifact-chunks.ts';

export interface FailInterruptedTrainingOptions {
  /** The queue job whose runs to fail (TrainingRun.jobId). */
  jobId?: string;
  /** Or these runs. */
  runIds?: number[];
  /** What the runs' `error` will say, e.g. "the worker stopped during training (job 12 stalled)". */
  reason: string;
}

export interface FailedTraining {
  /** Ids of the runs that were QUEUED or RUNNING and are now FAILED. */
  runs: number[];
  /** Ids of their versions that were TRAINING and are now FAILED, without an artifact. */
  versions: number[];
}

/**
 * After a worker died mid-training (a retried job's earlier attempt, a job the queue failed as stalled): the job's
 * runs (or the given ones) that are still QUEUED or RUNNING become FAILED with the reason, and their versions that
 * are still TRAINING become FAILED, their partial artifact (any chunks written) dropped, in one transaction. A READY,
 * ACTIVE or RETIRED version is never touched, nor a run that already ended; calling it again changes nothing. Call it
 * before the retry records its own run.
 */
export async function failInterruptedTraining(db: Database, options: FailInterruptedTrainingOptions): Promise<FailedTraining> {
  const { jobId, runIds = [] } = options;
  if (jobId === undefined && runIds.length === 0) throw new Error('failInterruptedTraining needs a jobId or runIds: which training was interrupted?');
  const reason = options.reason.trim() || 'training was interrupted';
  return db.sql.transaction(async (tx) => {
    const runs = await tx.query<{ id: number; model_version_id: number | null }>(
      `UPDATE training_runs SET status = 'FAILED', error = $3, finished_at = now(), estimated_finish_at = NULL
        WHERE (job_id = $1 OR id = ANY($2::int[])) AND status IN ('QUEUED', 'RUNNING')
        RETURNING id, model_version_id`,
      [jobId ?? null, runIds, reason.slice(0, 4000)],
    );
    const versionIds = runs.flatMap((run) => (run.model_version_id === null ? [] : [Number(run.model_version_id)]));
    const versions = versionIds.length === 0 ? [] : await tx.query<{ id: number }>(
      `UPDATE model_versions SET status = 'FAILED', artifact_bytes = NULL, artifact_sha256 = NULL
        WHERE id = ANY($1::int[]) AND status = 'TRAINING'
        RETURNING id`,
      [versionIds],
    );
    await deleteArtifactChunks(tx, versions.map((v) => Number(v.id)));
    return { runs: runs.map((run) => Number(run.id)).sort((a, b) => a - b), versions: versions.map((v) => Number(v.id)).sort((a, b) => a - b) };
  });
}
