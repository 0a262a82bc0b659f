import { findModelTrial, PromotionError, runningModelTrial, startModelTrial, stopModelTrial } from '@fewshot/pipeline/lifecycle';
import { requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode, badInput } from '../errors.ts';
import type { ModelTrialResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { checkSerialId } from '../services/check-input.ts';
import { listModelTrials } from '../services/list-model-trials.ts';
import { trialResults } from '../services/trial-results.ts';
import { MAX_TIMELINE_POINTS, trialTimeline } from '../services/trial-timeline.ts';
import { modelVersionRow, promotionClientError } from './model-lifecycle.ts';

/** A trial's version: the trial row's foreign key keeps it (deleting a version deletes its trials). */
async function versionOf(context: ContextValue, id: number) {
  const version = await modelVersionRow(context.db, id);
  if (!version) throw new AppError(AppErrorCode.NotFound, `model version ${id} was deleted`);
  return version;
}

/**
 * A trial refused for the state things are in (another trial runs, none does, no version is active) is
 * FAILED_PRECONDITION: the request was right, the moment was not. Other refusals as promotions' are.
 */
function trialClientError(error: unknown, field: string): unknown {
  if (error instanceof PromotionError && /is running: stop it|^no trial is running|^no model version is ACTIVE|has ended already/.test(error.message)) {
    return new AppError(AppErrorCode.FailedPrecondition, error.message, { field });
  }
  return promotionClientError(error, field);
}

/** The argument a refused start names: a bad share or number of planned users, else the version. */
function refusedField(error: unknown): string {
  if (!(error instanceof Error)) return 'versionId';
  if (error.message.startsWith('share')) return 'share';
  if (error.message.startsWith('planned users')) return 'plannedUsers';
  if (error.message.startsWith('new-item slots')) return 'newItemSlots';
  if (error.message.startsWith('new-item within')) return 'newItemWithin';
  return 'versionId';
}

/** The replica that answers follows at once; the others on the database's notification (or their next poll). */
async function followNow(context: ContextValue): Promise<void> {
  await context.state.serving?.registry.refresh();
}

export const trialQueries: Pick<QueryResolvers, 'modelTrials' | 'modelTrial'> = {
  modelTrials: (_, args, context) => {
    requireRole(context, 'ADMIN');
    return listModelTrials(context.db, args);
  },
  modelTrial: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    if (args.id === undefined || args.id === null) return runningModelTrial(context.db);
    const id = checkSerialId(args.id, 'id', 'a trial');
    const trial = await findModelTrial(context.db, id);
    if (!trial) throw new AppError(AppErrorCode.NotFound, `trial ${id} does not exist`, { field: 'id' });
    return trial;
  },
};

export const trialMutations: Pick<MutationResolvers, 'startModelTrial' | 'stopModelTrial'> = {
  startModelTrial: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const candidateVersionId = checkSerialId(args.versionId, 'versionId', 'a model version');
    let trial;
    try {
      trial = await startModelTrial(context.db, {
        candidateVersionId,
        share: args.share,
        plannedUsers: args.plannedUsers ?? undefined,
        stopIfWorse: args.stopIfWorse ?? undefined,
        promoteIfBetter: args.promoteIfBetter ?? undefined,
        newItemSlots: args.newItemSlots ?? undefined,
        newItemWithin: args.newItemWithin ?? undefined,
      });
    } catch (error) {
      throw trialClientError(error, refusedField(error));
    }
    await followNow(context);
    return trial;
  },
  stopModelTrial: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const id = args.id === undefined || args.id === null ? undefined : checkSerialId(args.id, 'id', 'a trial');
    let trial;
    try {
      trial = await stopModelTrial(context.db, id);
    } catch (error) {
      throw trialClientError(error, 'id');
    }
    await followNow(context);
    return trial;
  },
};

export const ModelTrial: ModelTrialResolvers = {
  id: (trial) => String(trial.id),
  candidate: (trial, _, context) => versionOf(context, trial.candidateVersionId),
  control: (trial, _, context) => versionOf(context, trial.controlVersionId),
  results: async (trial, args, context) => {
    // Reachable through `serving { trial }`, which any key reads: how users followed lists is for admins, as in
    // recommendationOutcomes.
    requireRole(context, 'ADMIN');
    const results = await trialResults(context.db, trial, { withinMinutes: args.withinMinutes });
    return { ...results, overall: { historyFrom: 0, historyTo: null, ...results.overall } };
  },
  timeline: (trial, args, context) => {
    requireRole(context, 'ADMIN');
    const points = args.points ?? 20;
    if (!Number.isInteger(points) || points < 1 || points > MAX_TIMELINE_POINTS) throw badInput(`points must be a whole number from 1 to ${MAX_TIMELINE_POINTS}, got ${points}`, 'points');
    return trialTimeline(context.db, trial, { withinMinutes: args.withinMinutes, points });
  },
};
