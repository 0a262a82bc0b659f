import type { JobType } from 'bullmq';
import { MIN_HISTORY_LENGTH } from '@fewshot/model/coldstart';
import { DEFAULT_EVALUATION } from '@fewshot/pipeline/train';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { JobResolvers, JobState, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { MAX_JOB_OFFSET } from '../jobs/job-listing.ts';
import type { AnyJob, JobQueues } from '../jobs/job-queues.ts';
import { parseQualifiedJobId, qualifiedJobId, type QueueName, type TrainJobData } from '../jobs/queues.ts';
import type { Job as JobParent } from '../schema/mappers.ts';
import { checkText } from '../services/check-input.ts';
import { promotionPolicyOf, trainingRunOf } from './model-lifecycle.ts';
import { checkMmlConfigOverrides } from '../services/mml-config-input.ts';
import { checkPageSize, decodeOffsetCursor, encodeCursor, toConnection } from '../services/pagination.ts';

const QUEUE_OF = { FEATURES: 'features', WARMUP: 'warmup', TRAIN: 'train' } as const satisfies Record<string, QueueName>;
const STATES_OF: Record<JobState, JobType[]> = {
  WAITING: ['waiting', 'prioritized', 'waiting-children'],
  DELAYED: ['delayed'],
  ACTIVE: ['active'],
  COMPLETED: ['completed'],
  FAILED: ['failed'],
  CANCELLED: [], // removed from the queue: only cancelJob's answer has it
  UNKNOWN: [],
};
const STATE_OF: Partial<Record<string, JobState>> = Object.fromEntries(Object.entries(STATES_OF).flatMap(([state, types]) => types.map((type) => [type, state as JobState])));

function queues({ state }: ContextValue): JobQueues {
  if (!state.jobs) throw new AppError(AppErrorCode.Unavailable, 'this api runs without job queues: set REDIS_URL (npm start does) to queue trainings and follow jobs');
  return state.jobs;
}

/** `train:run-12` → the queue and BullMQ id, or BAD_USER_INPUT naming the form. */
function parseJobId(id: string, field = 'id'): { queue: QueueName; id: string } {
  const parsed = parseQualifiedJobId(checkText(id, field, 256));
  if (!parsed) throw badInput(`${field} must be a job id as the api gives it, "<queue>:<id>" with queue features, warmup or train (e.g. "train:run-12"); got ${JSON.stringify(id.slice(0, 80))}`, field);
  return parsed;
}

/** Merchandisers follow their items' features and warm-ups; trainings are the admins'. */
function requireJobReader(context: ContextValue, queue: QueueName): void {
  requireRole(context, queue === 'train' ? 'ADMIN' : 'MERCHANDISER');
}

export const jobQueries: QueryResolvers = {
  jobs: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const first = checkPageSize(args.first);
    const offset = args.after ? decodeOffsetCursor(args.after, MAX_JOB_OFFSET) : 0;
    const names = args.queues && args.queues.length > 0 ? [...new Set(args.queues.map((queue) => QUEUE_OF[queue]))] : (Object.values(QUEUE_OF) as QueueName[]);
    const states = args.states && args.states.length > 0 ? args.states.flatMap((state) => STATES_OF[state]) : Object.values(STATES_OF).flat();
    if (states.length === 0) return { nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 };
    // One more than the page says whether another follows, unless the next page would start past the bound.
    const more = offset + first <= MAX_JOB_OFFSET ? 1 : 0;
    const { jobs, totalCount } = await queues(context).listJobs(names, states, offset, first + more);
    // The cursor is the position after the page's last job: the offset the next page starts at.
    return toConnection(jobs, first, totalCount, (listed) => encodeCursor([listed.position + 1]));
  },
  job: async (_, args, context) => {
    const parsed = parseJobId(args.id);
    requireJobReader(context, parsed.queue);
    const found = await queues(context).getJobWithState(parsed.queue, parsed.id);
    return found ? { queue: parsed.queue, ...found } : null;
  },
};

export const jobMutations: MutationResolvers = {
  startTraining: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const input = args.input ?? {};
    const data: Omit<TrainJobData, 'runId'> = { reason: `startTraining by API key "${context.auth?.name ?? '?'}"` };
    if (input.name != null) data.name = checkText(input.name, 'input.name', 200);
    if (input.config != null) {
      if (Buffer.byteLength(JSON.stringify(input.config)) > 16_384) throw badInput('input.config must be at most 16384 bytes of JSON', 'input.config');
      try {
        data.config = checkMmlConfigOverrides(input.config, 'input.config');
      } catch (error) {
        throw badInput(error instanceof Error ? error.message : String(error), 'input.config');
      }
    }
    if (input.autoPromote) data.autoPromote = true;
    if (input.policy) data.policy = promotionPolicyOf(input.policy, 'input.policy');
    if (input.evaluation) data.evaluation = checkEvaluation(input.evaluation);
    const { job } = await queues(context).addTraining(context.db, data);
    return { queue: 'train', job };
  },
  cancelJob: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const { queue, id } = parseJobId(args.id);
    const reason = args.reason ? checkText(args.reason, 'reason', 500) : `cancelled by API key "${context.auth?.name ?? '?'}"`;
    const outcome = await queues(context).cancel(queue, id, reason);
    if (!outcome.job) throw new AppError(AppErrorCode.NotFound, `there is no job ${args.id}: ${outcome.cancelled ? '' : outcome.reason}`, { field: 'id' });
    if (!outcome.cancelled) throw new AppError(AppErrorCode.FailedPrecondition, `job ${args.id} cannot be cancelled: ${outcome.reason}`, { field: 'id' });
    if (outcome.how === 'signalled') return { queue, job: outcome.job };
    // A training that never started leaves its QUEUED run behind: it says CANCELLED, with the reason.
    const runId = queue === 'train' ? (outcome.job.data as TrainJobData).runId : undefined;
    if (runId !== undefined) await context.db.prisma.trainingRun.updateMany({ where: { id: runId, status: 'QUEUED' }, data: { status: 'CANCELLED', error: reason, finishedAt: new Date() } });
    return { queue, job: outcome.job, cancelled: true };
  },
  retryJob: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const { queue, id } = parseJobId(args.id);
    const outcome = await queues(context).retry(context.db, queue, id);
    if (!outcome.job) throw new AppError(AppErrorCode.NotFound, `there is no job ${args.id}`, { field: 'id' });
    if (!outcome.retried) throw new AppError(AppErrorCode.FailedPrecondition, `job ${args.id} cannot be retried: ${outcome.reason}`, { field: 'id' });
    return { queue, job: outcome.job };
  },
};

function checkEvaluation(evaluation: { ns?: readonly number[] | null; headlineN?: number | null; latencyUsers?: number | null }): NonNullable<TrainJobData['evaluation']> {
  const out: NonNullable<TrainJobData['evaluation']> = {};
  if (evaluation.ns != null) {
    const least = MIN_HISTORY_LENGTH; // one known event and the next one to predict: the shortest cut the evaluation makes
    if (evaluation.ns.length < 1 || evaluation.ns.length > 5 || evaluation.ns.some((n) => !Number.isInteger(n) || n < least || n > 100)) throw badInput(`evaluation.ns must be 1 to 5 whole numbers from ${least} to 100 (n events: the first n − 1 known, the next one predicted)`, 'input.evaluation.ns');
    out.ns = [...new Set(evaluation.ns)].sort((a, b) => a - b);
  }
  if (evaluation.headlineN != null) {
    const ns = out.ns ?? DEFAULT_EVALUATION.ns;
    if (!ns.includes(evaluation.headlineN)) throw badInput(`evaluation.headlineN must be one of the measured lengths (${ns.join(', ')})`, 'input.evaluation.headlineN');
    out.headlineN = evaluation.headlineN;
  } else if (out.ns && !out.ns.includes(10)) out.headlineN = out.ns[0]!;
  if (evaluation.latencyUsers != null) {
    if (!Number.isInteger(evaluation.latencyUsers) || evaluation.latencyUsers < 1 || evaluation.latencyUsers > 1000) throw badInput('evaluation.latencyUsers must be a whole number from 1 to 1000', 'input.evaluation.latencyUsers');
    out.latencyUsers = evaluation.latencyUsers;
  }
  return out;
}

/** A BullMQ timestamp (ms) as a Date; BullMQ leaves unset ones undefined or 0. */
const date = (ms: number | undefined) => (ms ? new Date(ms) : null);

export const Job: JobResolvers = {
  id: ({ queue, job }) => qualifiedJobId(queue, String(job.id)),
  queue: ({ queue }) => (Object.keys(QUEUE_OF) as Array<keyof typeof QUEUE_OF>).find((key) => QUEUE_OF[key] === queue)!,
  state: async ({ job, state, cancelled }) => (cancelled ? 'CANCELLED' : STATE_OF[state ?? (await job.getState())] ?? 'UNKNOWN'),
  progress: async ({ job, state }) => {
    const progress = job.progress as { stage?: unknown; fraction?: unknown; message?: unknown; finishesAt?: unknown } | number;
    if (typeof progress !== 'object' || progress === null || typeof progress.stage !== 'string') return null;
    // The last attempt's estimate stays in its progress when it fails or stalls: it only means something while active.
    const finishesAt = typeof progress.finishesAt === 'string' && !Number.isNaN(Date.parse(progress.finishesAt)) && (state ?? (await job.getState())) === 'active' ? new Date(progress.finishesAt) : null;
    return { stage: progress.stage, fraction: typeof progress.fraction === 'number' ? progress.fraction : 0, message: typeof progress.message === 'string' ? progress.message : null, finishesAt };
  },
  data: ({ job }) => job.data ?? {},
  result: ({ job }) => job.returnvalue ?? null,
  error: ({ job }) => job.failedReason || null,
  attempts: ({ job }) => job.attemptsStarted ?? job.attemptsMade,
  maxAttempts: ({ job }) => job.opts.attempts ?? 1,
  logs: async ({ queue, job }, args, context) => {
    const last = args.last ?? 100;
    if (!Number.isInteger(last) || last < 1 || last > 500) throw badInput('last must be from 1 to 500', 'last');
    const { logs } = await queues(context).queue(queue).getJobLogs(String(job.id), -last, -1, true);
    return logs;
  },
  createdAt: ({ job }) => new Date(job.timestamp),
  startedAt: ({ job }) => date(job.processedOn),
  finishedAt: ({ job }) => date(job.finishedOn),
  trainingRun: async ({ queue, job }, _, context) => {
    if (queue !== 'train') return null;
    // The run of the latest attempt (a retry records a new run under the same job id).
    const run = await context.db.prisma.trainingRun.findFirst({ where: { jobId: String(job.id) }, orderBy: { id: 'desc' } });
    return run && trainingRunOf(run);
  },
};

export type { AnyJob };
