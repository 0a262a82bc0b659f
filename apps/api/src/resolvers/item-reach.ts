import type { Item, User } from '@fewshot/db';
import { requireRole } from '../auth/require-role.ts';
import { AppError, AppErrorCode } from '../errors.ts';
import type { QueryResolvers, Resolvers } from '../generated/graphql.ts';
import { checkExternalId } from '../services/check-input.ts';
import { itemReach } from '../serving/item-reach.ts';
import { modelVersionRow } from './model-lifecycle.ts';

export const itemReachQueries: QueryResolvers = {
  itemReach: async (_, args, context) => {
    // Merchandisers onboard items and want to see whom they reach; frontends have no use for it (and it ranks many users).
    requireRole(context, 'MERCHANDISER');
    const { serving } = context.state;
    if (!serving) throw new Error('this api process serves no recommendations (no serving state)');
    const itemId = checkExternalId(args.itemId, 'itemId');
    // The served catalog says which items are active: the barrier brings in an archive made through another replica.
    await context.barrier?.();
    return serving.oneReachAtATime(() => itemReach(context.db, serving.registry, { itemId, users: args.users, depth: args.depth, first: args.first, newItems: args.newItems }, serving.settings));
  },
};

export const itemReachTypes: Pick<Resolvers, 'ItemReach' | 'ItemReachUser'> = {
  ItemReach: {
    item: async (reach, _, { loaders }) => {
      const item = await loaders.itemById.load(reach.itemId);
      if (!item) throw new AppError(AppErrorCode.NotFound, 'the item was deleted while its reach was checked', { field: 'itemId' });
      return item as Item;
    },
    modelVersion: (reach, _, { db }) => (reach.modelVersion ? modelVersionRow(db, reach.modelVersion.id) : null),
    rankRanges: (reach) => reach.rankRanges,
    byPath: (reach) => reach.byPath.map((entry) => ({ ...entry, path: entry.path.toUpperCase() as Uppercase<typeof entry.path> })),
  },
  ItemReachUser: {
    user: async (entry, _, { loaders }) => (await loaders.userById.load(entry.userId)) as User,
    path: (entry) => entry.path.toUpperCase() as Uppercase<typeof entry.path>,
    modelVersion: async (entry, _, { db }) => (await modelVersionRow(db, entry.modelVersionId))!,
  },
};
