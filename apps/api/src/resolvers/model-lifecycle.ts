import DataLoader from 'dataloader';
import type { TrainingRun as TrainingRunModel } from '@fewshot/db';
import { judgePromotion, PromotionError, rollbackModelVersion, type PromotionPolicy } from '@fewshot/pipeline/lifecycle';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { ModelVersionResolvers, MutationResolvers, PromotionPolicyInput, QueryResolvers, TrainingRun } from '../generated/graphql.ts';
import { checkSerialId } from '../services/check-input.ts';

/** A version's row (its artifact's chunks are other rows, never read here). */
export const modelVersionRow = (db: ContextValue['db'], id: number) => db.prisma.modelVersion.findUnique({ where: { id } });

/** A lifecycle function's refusal as the client error it is: NOT_FOUND for an unknown version, else BAD_USER_INPUT. */
export function promotionClientError(error: unknown, field: string): unknown {
  if (!(error instanceof PromotionError)) return error;
  return new AppError(error.message.endsWith('does not exist') ? AppErrorCode.NotFound : AppErrorCode.BadUserInput, error.message, { field });
}

/** A training_runs row as the TrainingRun type (its id a string): ModelVersion.trainingRun and Job.trainingRun. */
export function trainingRunOf(row: TrainingRunModel): TrainingRun {
  const { id, status, stage, progress, message, error, jobId, createdAt, startedAt, finishedAt, report } = row;
  // A run that ended keeps no estimate (they are cleared then; a progress write racing the end is not shown either).
  const estimatedFinishAt = status === 'RUNNING' ? row.estimatedFinishAt : null;
  return { id: String(id), status, stage, progress, message, estimatedFinishAt, error, jobId, createdAt, startedAt, finishedAt, report };
}

/**
 * Each version's latest run, one query per request however many versions a list shows. Kept per request (the
 * context object) beside the shared loaders, like them never reused across requests.
 */
const latestRunLoaders = new WeakMap<ContextValue, DataLoader<number, TrainingRunModel | null>>();

function latestRunLoader(context: ContextValue): DataLoader<number, TrainingRunModel | null> {
  let loader = latestRunLoaders.get(context);
  if (!loader) {
    const { db } = context;
    loader = new DataLoader(async (versionIds) => {
      const runs = await db.prisma.trainingRun.findMany({ where: { modelVersionId: { in: [...versionIds] } }, orderBy: { id: 'desc' } });
      const latest = new Map<number, TrainingRunModel>();
      for (const run of runs) if (run.modelVersionId !== null && !latest.has(run.modelVersionId)) latest.set(run.modelVersionId, run);
      return versionIds.map((id) => latest.get(id) ?? null);
    });
    latestRunLoaders.set(context, loader);
  }
  return loader;
}

/** PromotionPolicyInput as the pipeline's policy; fields left out keep the pipeline's defaults. */
export function promotionPolicyOf(input: PromotionPolicyInput | null | undefined, field = 'policy'): PromotionPolicy {
  const metric = (input?.metric ?? 'NDCG').toLowerCase() as PromotionPolicy['metric'];
  const k = input?.k ?? 10;
  if (k !== 5 && k !== 10 && k !== 20) throw badInput(`${field}.k must be 5, 10 or 20, got ${k}`, `${field}.k`);
  const n = input?.n ?? undefined;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= 1000)) throw badInput(`${field}.n must be a whole number of events from 1 to 1000, got ${n}`, `${field}.n`);
  const minGain = input?.minGain ?? 0;
  if (!(minGain >= 0 && minGain <= 1)) throw badInput(`${field}.minGain must be from 0 (any gain) to 1, got ${minGain}`, `${field}.minGain`);
  return { metric, k, ...(n === undefined ? {} : { n }), minGain, beatPopularity: input?.beatPopularity ?? true };
}

export const lifecycleQueries: QueryResolvers = {
  modelVersion: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const id = checkSerialId(args.id, 'id', 'a model version');
    const version = await modelVersionRow(context.db, id);
    if (!version) throw new AppError(AppErrorCode.NotFound, `model version ${id} does not exist`, { field: 'id' });
    return version;
  },
  judgePromotion: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const id = checkSerialId(args.id, 'id', 'a model version');
    const policy = promotionPolicyOf(args.policy);
    try {
      const judgment = await judgePromotion(context.db, id, policy);
      return {
        promote: judgment.promote,
        reason: judgment.reason,
        candidate: judgment.candidate,
        active: judgment.active,
        popularity: judgment.popularity,
        activeVersion: judgment.activeVersionId === null ? null : await modelVersionRow(context.db, judgment.activeVersionId),
      };
    } catch (error) {
      throw promotionClientError(error, 'id');
    }
  },
};

/** ADMIN only; the replica that answers swaps at once, the others on the database's notification (or next poll). */
export const lifecycleMutations: Pick<MutationResolvers, 'rollbackModelVersion'> = {
  rollbackModelVersion: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const toVersionId = args.id === undefined || args.id === null ? undefined : checkSerialId(args.id, 'id', 'a model version');
    let versionId: number;
    try {
      ({ versionId } = await rollbackModelVersion(context.db, toVersionId === undefined ? {} : { toVersionId }));
    } catch (error) {
      throw promotionClientError(error, 'id');
    }
    await context.state.serving?.registry.refresh();
    const version = await modelVersionRow(context.db, versionId);
    if (!version) throw new AppError(AppErrorCode.NotFound, `model version ${versionId} was deleted while it was rolled back to`, { field: 'id' });
    return version;
  },
};

export const modelVersionFields: Pick<ModelVersionResolvers, 'trainingRun'> = {
  trainingRun: async (version, _, context) => {
    const run = await latestRunLoader(context).load(version.id);
    return run && trainingRunOf(run);
  },
};
