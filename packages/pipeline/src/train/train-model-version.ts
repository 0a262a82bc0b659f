import type { Database, Prisma } from '@fewshot/db';
import { trainAndEvaluate, trainAndEvaluateOffThread, type ColdStartEvalReport, type ColdStartOptions } from '@fewshot/model/coldstart';
import { mmlConfig, type DeepPartial, type MmlConfig } from '@fewshot/model/mml';
import { encoderSetRecord } from '../features/encoder-set.ts';
import { artifactSha256, writeArtifactChunks } from './artifact-chunks.ts';
import { FinishEstimate } from './finish-estimate.ts';
import { loadTrainingSnapshot, type EncoderChoice, type TrainingSnapshot } from './load-training-snapshot.ts';
import { RunProgressWriter, type TrainingProgress } from './training-progress.ts';

/**
 * What a version's evaluation measures unless told otherwise: new users cut to 2, 3, 5, 10 and 20 events (the first
 * two are the product's own users, one and two events known, measured as serving treats them), headline 10 (the
 * cold-start protocol's), bounded adaptation timed on 100 users, and the events after the split replayed as lists
 * of 10 with 0 to 3 new-item slots, unbounded and within the top 50 (what `recommendations(newItems, newItemsWithin)`
 * and a trial of the setting would cost and gain; at most 2,000 new-item events and 2,000 others, so a catalog of
 * new items never makes it long), users under 20 events adapted first as serving does (FEWSHOT_COLD_THRESHOLD's
 * default; a worker passes its own, and its FEWSHOT_NEW_ITEM_WITHIN as the bound).
 */
export const DEFAULT_EVALUATION: {
  readonly ns: readonly number[];
  readonly headlineN: number;
  readonly latencyUsers: number;
  readonly newItemSlots: readonly number[];
  readonly newItemWithin: readonly number[];
  readonly slotSample: number;
  readonly coldThreshold: number;
} = { ns: [2, 3, 5, 10, 20], headlineN: 10, latencyUsers: 100, newItemSlots: [0, 1, 2, 3], newItemWithin: [50], slotSample: 2000, coldThreshold: 20 };

export interface TrainModelVersionOptions {
  db: Database;
  /** Overrides of the MML defaults (DEFAULT_MML_CONFIG in @fewshot/model/mml). */
  config?: DeepPartial<MmlConfig>;
  /** The version's display name (default: "mml" and the start time). */
  name?: string;
  /** A QUEUED training run to execute (a job created it); by default a new run is recorded. */
  runId?: number;
  encoders?: EncoderChoice;
  /** The cold-start split the version is trained and measured on (cold-start v1 by default). */
  split?: ColdStartOptions;
  /**
   * New users' history lengths to measure and the headline one, the new-item slot counts to replay ([]: none) and
   * the cold threshold serving adapts users under (DEFAULT_EVALUATION).
   */
  evaluation?: { ns?: number[]; headlineN?: number; latencyUsers?: number; newItemSlots?: number[]; newItemWithin?: number[]; coldThreshold?: number };
  /**
   * Train and evaluate in a worker thread of their own, leaving this thread's event loop to whatever else the
   * process does meanwhile (the embedded api answers requests and renews job locks on it); the database reads and
   * writes stay here. Off: on this thread, as the CLI does (it has nothing else to do).
   */
  offThread?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TrainingProgress) => void;
  /** Called once the snapshot is read, before training (the CLI prints its size). */
  onSnapshot?: (snapshot: TrainingSnapshot) => void;
}

export interface TrainModelVersionResult {
  runId: number;
  versionId: number;
  /** What was stored as the version's metrics. */
  metrics: ModelVersionMetrics;
  /** The whole evaluation (also stored in the run's report). */
  evaluation: ColdStartEvalReport;
  artifactBytes: number;
  seconds: number;
}

/** A model version's metrics: the cold-start evaluation of exactly this artifact, without the learning curves. */
export type ModelVersionMetrics = Omit<ColdStartEvalReport, 'training'>;

/**
 * The training pipeline: reads a snapshot of the database (events, items, stored feature vectors), trains MML on
 * the cold-start split's old users, evaluates that very model on the split's new users and new items, and stores
 * a READY ModelVersion (metrics, config, encoders, artifact) with its TrainingRun (stages, timings, curves).
 * A failure or an abort leaves the run FAILED with its reason and the version FAILED without an artifact: never a
 * READY version. The CLI, job workers and the API all call this one function.
 */
export async function trainModelVersion(options: TrainModelVersionOptions): Promise<TrainModelVersionResult> {
  const started = performance.now();
  const { db, signal } = options;
  const config = mmlConfig(options.config ?? {});
  const given = options.evaluation;
  const slots = given?.newItemSlots ?? [...DEFAULT_EVALUATION.newItemSlots];
  const evaluation = {
    ns: given?.ns ?? [...DEFAULT_EVALUATION.ns],
    headlineN: given?.headlineN ?? DEFAULT_EVALUATION.headlineN,
    latencyUsers: given?.latencyUsers ?? DEFAULT_EVALUATION.latencyUsers,
    ...(slots.length > 0 ? {
      newItemSlots: {
        slots: [...new Set([0, ...slots])].sort((a, b) => a - b),
        within: given?.newItemWithin ?? [...DEFAULT_EVALUATION.newItemWithin],
        sample: DEFAULT_EVALUATION.slotSample,
        newSample: DEFAULT_EVALUATION.slotSample,
        coldThreshold: given?.coldThreshold ?? DEFAULT_EVALUATION.coldThreshold,
      },
    } : {}),
  };
  const recordedConfig = { mml: config, split: options.split ?? {}, evaluation, encoders: options.encoders ?? {} } as unknown as Prisma.InputJsonValue;
  const run = await startRun(db, options.runId, recordedConfig);
  const version = await db.prisma.modelVersion.create({
    data: { name: options.name ?? `mml ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`, status: 'TRAINING', config: recordedConfig },
  });
  await db.prisma.trainingRun.update({ where: { id: run.id }, data: { modelVersionId: version.id } });
  const writer = new RunProgressWriter(db, run.id);
  const finish = new FinishEstimate();
  const progress = (p: TrainingProgress) => {
    const finishesAt = finish.at(p.fraction);
    const reported = finishesAt ? { ...p, finishesAt } : p;
    writer.update(reported);
    options.onProgress?.(reported);
  };
  try {
    progress({ stage: 'snapshot', stageFraction: 0, fraction: 0, message: 'reading events, items and feature vectors' });
    const snapshot = await loadTrainingSnapshot(db, options.encoders);
    options.onSnapshot?.(snapshot);
    signal?.throwIfAborted();
    const compute = options.offThread ? trainAndEvaluateOffThread : trainAndEvaluate;
    const { report, artifact } = await compute({
      dataset: snapshot.dataset,
      features: snapshot.features,
      config,
      split: options.split,
      evaluation,
      artifactExtra: { itemExternalIds: snapshot.itemExternalIds, encoders: encoderSetRecord(snapshot.encoders), trainingRunId: run.id },
    }, { signal, onProgress: progress });
    const { training, ...metrics } = report;
    progress({ stage: 'store', stageFraction: 0, fraction: 0.98, message: 'writing the artifact' });
    signal?.throwIfAborted();
    // The bytes go in while the version is still TRAINING (invisible to serving); the status flips with the run's.
    const megabytes = `${(artifact.length / 1e6).toFixed(1)} MB`;
    await writeArtifactChunks(db.sql, version.id, artifact, {
      signal,
      onChunk: (written, total) => progress({ stage: 'store', stageFraction: written / total, fraction: 0.98 + 0.02 * (written / total), message: `writing the artifact (${megabytes}): chunk ${written} of ${total}` }),
    });
    signal?.throwIfAborted();
    // Progress writes land first, so none can overwrite the finished run's progress after it.
    await writer.flush();
    // Only while the version is still TRAINING and the run RUNNING: a worker presumed dead (its job stalled and was
    // retried elsewhere, failInterruptedTraining) that wakes up must not turn a FAILED version READY.
    await db.prisma.$transaction(async (tx) => {
      const versionRow = await tx.modelVersion.updateMany({
        where: { id: version.id, status: 'TRAINING' },
        data: {
          status: 'READY',
          metrics: json(metrics),
          encoders: json(encoderSetRecord(snapshot.encoders)),
          artifactBytes: artifact.length,
          artifactSha256: artifactSha256(artifact),
        },
      });
      const runRow = await tx.trainingRun.updateMany({
        where: { id: run.id, status: 'RUNNING' },
        data: {
          status: 'SUCCEEDED',
          progress: 1,
          stage: 'done',
          estimatedFinishAt: null,
          message: `${snapshot.dataset.sequences.length} users, ${snapshot.dataset.numItems} items, ${snapshot.events} events`,
          report: json({ training: training[0], snapshot: { users: snapshot.dataset.sequences.length, items: snapshot.dataset.numItems, events: snapshot.events } }),
          finishedAt: new Date(),
        },
      });
      if (versionRow.count !== 1 || runRow.count !== 1) throw new TrainingSupersededError(run.id, version.id);
    });
    await writer.flush();
    return { runId: run.id, versionId: version.id, metrics, evaluation: report, artifactBytes: artifact.length, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await writer.flush();
    await failRun(db, run.id, version.id, signal?.aborted ? `aborted: ${reason(signal.reason)}` : reason(error));
    throw error;
  }
}

async function startRun(db: Database, runId: number | undefined, config: Prisma.InputJsonValue) {
  if (runId === undefined) return db.prisma.trainingRun.create({ data: { status: 'RUNNING', config, startedAt: new Date() } });
  const claimed = await db.prisma.trainingRun.updateMany({ where: { id: runId, status: 'QUEUED' }, data: { status: 'RUNNING', config, startedAt: new Date() } });
  if (claimed.count !== 1) throw new Error(`training run ${runId} does not exist or is not QUEUED`);
  return { id: runId };
}

/** Marks the run and its version FAILED; the version never had (and keeps no) artifact: any chunks written go. */
async function failRun(db: Database, runId: number, versionId: number, message: string): Promise<void> {
  try {
    await db.prisma.$transaction([
      db.prisma.modelArtifactChunk.deleteMany({ where: { modelVersionId: versionId } }),
      db.prisma.modelVersion.update({ where: { id: versionId }, data: { status: 'FAILED', artifactBytes: null, artifactSha256: null } }),
      db.prisma.trainingRun.update({ where: { id: runId }, data: { status: 'FAILED', error: message.slice(0, 4000), finishedAt: new Date(), estimatedFinishAt: null } }),
    ]);
  } catch (error) {
    console.error(`fewshot: could not mark training run ${runId} failed: ${reason(error)}`);
  }
}

/** The run was ended by someone else while it trained (marked FAILED as interrupted): its result is not stored. */
export class TrainingSupersededError extends Error {
  constructor(runId: number, versionId: number) {
    super(`training run ${runId} was marked failed while it trained (its worker was presumed dead and the job retried): version ${versionId} stays FAILED`);
    this.name = 'TrainingSupersededError';
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function json(value: unknown): Prisma.InputJsonValue {
  // Prisma's Json columns take plain JSON: round-trip drops undefined and typed arrays' prototypes.
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
