import type { Item } from '@fewshot/db';
import { findModelTrial, promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { requireKey, requireRole } from '../auth/require-role.ts';
import type { ContextValue } from '../context.ts';
import { AppError, AppErrorCode } from '../errors.ts';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/graphql.ts';
import type { RecommendedItem as RecommendedItemRow } from '../schema/mappers.ts';
import { checkExternalId, checkSerialId, checkText } from '../services/check-input.ts';
import { listModelVersions } from '../services/list-model-versions.ts';
import { checkPageSize } from '../services/pagination.ts';
import { recommend } from '../serving/recommend.ts';
import type { Serving } from '../serving/serving-state.ts';
import { listReasons } from '../serving/list-reasons.ts';
import { similarItems } from '../serving/similar-items.ts';
import { lifecycleMutations, lifecycleQueries, modelVersionFields, modelVersionRow, promotionClientError } from './model-lifecycle.ts';

function serving({ state }: ContextValue): Serving {
  if (!state.serving) throw new Error('this api process serves no recommendations (no serving state)');
  return state.serving;
}

export const servingQueries: QueryResolvers = {
  recommendations: async (_, args, context) => {
    // Merchandisers see them too: the console previews what a user is shown (whom an item reaches is itemReach).
    const identity = requireRole(context, ['FRONTEND', 'MERCHANDISER']);
    const { registry, settings, results, counted, servedLists } = serving(context);
    const list = await recommend(context.db, registry, {
      userId: args.userId === undefined || args.userId === null ? args.userId : checkExternalId(args.userId, 'userId'),
      recentItemIds: args.recentItemIds?.map((id, i) => checkExternalId(id, `recentItemIds[${i}]`)),
      first: args.first,
      excludeSeen: args.excludeSeen,
      filter: args.filter && {
        genres: args.filter.genres?.map((g, i) => checkText(g, `filter.genres[${i}]`, 100)),
        excludeItemIds: args.filter.excludeItemIds?.map((id, i) => checkExternalId(id, `filter.excludeItemIds[${i}]`)),
      },
      newItems: args.newItems,
      newItemsWithin: args.newItemsWithin,
    }, settings, { results, barrier: context.barrier, counted, observe: context.state.metrics?.observeRecommendation });
    // What a frontend shows its user, and only that, is measured: the console's and other previews are not, nor an
    // empty list (every item filtered out), which shows nothing to follow.
    if (identity.role === 'FRONTEND' && list.userId !== null && list.items.length > 0) {
      servedLists.record({ userId: list.userId, modelVersionId: list.modelVersion?.id ?? null, path: list.path, historyLength: list.historyLength, itemIds: list.items.map((item) => item.itemId), newItemIds: list.items.filter((item) => item.newToVersion).map((item) => item.itemId), servedAt: new Date() });
    }
    return list;
  },
  similarItems: async (_, args, context) => {
    requireRole(context, ['FRONTEND', 'MERCHANDISER']);
    const externalId = checkExternalId(args.itemId, 'itemId');
    const first = checkPageSize(args.first);
    const item = await context.db.prisma.item.findUnique({ where: { externalId }, select: { id: true } });
    if (!item) throw new AppError(AppErrorCode.NotFound, `there is no item "${externalId}"`, { field: 'itemId' });
    // The served catalog says which items are active: the barrier brings in an archive made through another replica.
    await context.barrier?.();
    const similar = await serving(context).registry.use(async (model) => (model ? similarItems(model, item.id, first) : []));
    // Items deleted since the served model was loaded are left out (see RecommendationList.items).
    const rows = await context.loaders.itemById.loadMany(similar.map((entry) => entry.itemId));
    return similar.filter((_, i) => rows[i] !== null && !(rows[i] instanceof Error));
  },
  popularItems: async (_, args, context) => {
    requireKey(context);
    const window = args.window ?? 'ALL_TIME';
    // Counted once every few seconds per window and shared by every request (counted-rankings.ts).
    const items = await serving(context).counted.top(window === 'ALL_TIME' ? { kind: 'all-time' } : { kind: 'window', window }, { first: checkPageSize(args.first) });
    return items.map((item, i) => ({ itemId: item.itemId, score: item.count, rank: i + 1 }));
  },
  modelVersions: (_, args, context) => {
    requireRole(context, 'ADMIN');
    return listModelVersions(context.db, args);
  },
  serving: async (_, __, context) => {
    requireKey(context);
    const status = serving(context).registry.status();
    return {
      modelVersion: status.versionId === null ? null : await modelVersionRow(context.db, status.versionId),
      provider: status.provider,
      catalogItems: status.catalogRows,
      coldThreshold: serving(context).settings.coldThreshold,
      newItemSlots: serving(context).settings.newItemSlots ?? 0,
      newItemWithin: serving(context).settings.newItemWithin ?? null,
      error: status.lastError,
      trial: status.trial === null ? null : await findModelTrial(context.db, status.trial.trialId),
      trialError: status.trialError,
    };
  },
  // modelVersion, judgePromotion
  ...lifecycleQueries,
};

export const servingMutations: MutationResolvers = {
  promoteModelVersion: async (_, args, context) => {
    requireRole(context, 'ADMIN');
    const id = checkSerialId(args.id, 'id', 'a model version');
    try {
      await promoteModelVersion(context.db, id);
    } catch (error) {
      throw promotionClientError(error, 'id');
    }
    // This replica swaps at once; the others when the database's notification reaches them (or at their next poll).
    await serving(context).registry.refresh();
    const version = await modelVersionRow(context.db, id);
    if (!version) throw new AppError(AppErrorCode.NotFound, `model version ${id} was deleted while it was promoted`, { field: 'id' });
    return version;
  },
  ...lifecycleMutations,
};

/** Field resolvers of the recommendation types: items are loaded in one batch per request. */
export const servingTypes: Pick<Resolvers, 'RecommendationList' | 'RecommendedItem' | 'SimilarItem' | 'ModelVersion'> = {
  RecommendationList: {
    explanation: (list) => list.weights,
    modelVersion: (list, _, { db }) => (list.modelVersion ? modelVersionRow(db, list.modelVersion.id) : null),
    // An item deleted after the served model placed it would load as null on a non-null field and fail the whole
    // list: such items are left out here (one batched lookup, which RecommendedItem.item then reads from the loader).
    items: async (list, _, { loaders }) => {
      const rows = await loaders.itemById.loadMany(list.items.map((entry) => entry.itemId));
      const found = list.items.map((entry, i) => ({ ...entry, row: rows[i] })).filter((entry): entry is RecommendedItemRow & { row: Item } => entry.row !== null && entry.row !== undefined && !(entry.row instanceof Error));
      return found.map((entry, i) => ({ ...entry, rank: i + 1, list }));
    },
  },
  // The casts are safe: similarItems kept only items the loader found (and caches).
  RecommendedItem: {
    // The list's row when it came with one (no promise per item: a list of 10 is one lookup, not eleven).
    item: (entry, _, { loaders }) => entry.row ?? (loaders.itemById.load(entry.itemId) as Promise<Item>),
    newItem: (entry) => entry.newItem ?? false,
    addedAfterTraining: (entry) => entry.addedAfterTraining ?? false,
    newToVersion: (entry) => entry.newToVersion ?? false,
    // Worked out for the whole list the first time an item's is asked for; an item deleted since is no reason (null).
    because: async (entry, _, context) => {
      const reason = entry.list && (await listReasons(serving(context).registry, entry.list)).get(entry.itemId);
      return reason ? context.loaders.itemById.load(reason.itemId) : null;
    },
    becauseSimilarity: async (entry, _, context) => (entry.list && (await listReasons(serving(context).registry, entry.list)).get(entry.itemId)?.similarity) ?? null,
  },
  SimilarItem: {
    item: (entry, _, { loaders }) => loaders.itemById.load(entry.itemId) as Promise<Item>,
  },
  ModelVersion: {
    id: (version) => String(version.id),
    ...modelVersionFields,
  },
};
