import type { DeepPartial, MmlConfig } from '@fewshot/model/mml';
import type { PromotionPolicy } from '@fewshot/pipeline/lifecycle';
import type { FeatureOutcome } from '../items/item-featurizer.ts';

/**
 * The job queues. `features` encodes new or changed items, `warmup` runs the item embedding generator for items new
 * to the active model and publishes their vectors to serving, `train` runs the training pipeline. Each has its own
 * workers and concurrency, so a long training never holds up an item's warm-up.
 */
export const QUEUE_NAMES = ['features', 'warmup', 'train'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface FeaturesJobData {
  /** Items to encode (database ids); absent: every item missing a vector of the encoders. */
  itemIds?: number[];
  /** Queue a warm-up of the same items when their features are stored (the new-item flow). */
  thenWarmUp?: boolean;
  /** Queue this training when the features are stored (the first start). */
  thenTrain?: Omit<TrainJobData, 'runId'>;
  /** Who or what asked (`createItem`, `first start`, …), for the job list. */
  reason?: string;
}

export interface FeaturesJobResult {
  /** Per item, what each modality came to (items encoded one at a time; the batch flow reports per encoder only). */
  items?: Array<{ itemId: number; outcomes: FeatureOutcome[] }>;
  /** Per encoder: vectors stored and failures. */
  encoders: Array<{ encoder: string; ready: number; failed: number }>;
  /** The warm-up job queued after it, when one was. */
  warmupJobId: string | null;
  /** The training job queued after it, when one was. */
  trainJobId?: string | null;
}

export interface WarmupJobData {
  /** Items to place (database ids); absent: every active item the active version was not trained on. */
  itemIds?: number[];
  reason?: string;
}

export interface WarmupJobResult {
  versionId: number | null;
  /** Every item the job was about (asked for, or found new): replicas refresh their status and genres too. */
  itemIds: number[];
  warmed: number[];
  unchanged: number[];
  waiting: number[];
  /** A running trial's version, warmed up for too (its users are served by it); absent when no trial ran. */
  trial?: { versionId: number; warmed: number[]; unchanged: number[]; waiting: number[] };
}

export interface TrainJobData {
  /** The QUEUED training run made when the job was queued; a scheduled job has none and makes its own. */
  runId?: number;
  name?: string;
  /** Overrides of the MML defaults. */
  config?: DeepPartial<MmlConfig>;
  evaluation?: { ns?: number[]; headlineN?: number; latencyUsers?: number };
  /** Promote the new version when the policy says it is better than the active one (or when none is active). */
  autoPromote?: boolean;
  policy?: Partial<PromotionPolicy>;
  /** The retrain schedule that queued it. */
  scheduleId?: number;
  reason?: string;
}

/**
 * A run that ended before it ever started: refused when the api could not queue its job, or cancelled before a
 * worker began it. A worker never trains such a run; a person's retry of its job trains under a new one.
 */
export function endedBeforeStart(run: { status: string; startedAt: Date | null }): boolean {
  return run.startedAt === null && (run.status === 'FAILED' || run.status === 'CANCELLED');
}

export interface TrainJobResult {
  runId: number;
  versionId: number;
  promoted: boolean;
  /** Why it was (or was not) promoted, when auto-promotion was asked for. */
  promotion: string | null;
  seconds: number;
}

/** Where a job is, as every processor reports it through job.updateProgress. */
export interface JobProgress {
  stage: string;
  /** 0..1 of the whole job. */
  fraction: number;
  message?: string;
  /** When the whole job will likely end (ISO 8601), where it can tell (trainings, once under way). */
  finishesAt?: string;
}

/** Queue job ids are unique per queue; the api names a job `<queue>:<id>` so one string finds it. */
export function qualifiedJobId(queue: QueueName, id: string): string {
  return `${queue}:${id}`;
}

export function parseQualifiedJobId(value: string): { queue: QueueName; id: string } | null {
  const colon = value.indexOf(':');
  if (colon < 0) return null;
  const queue = value.slice(0, colon) as QueueName;
  const id = value.slice(colon + 1);
  if (!QUEUE_NAMES.includes(queue) || !/^[A-Za-z0-9_.:-]{1,200}$/.test(id)) return null;
  return { queue, id };
}
