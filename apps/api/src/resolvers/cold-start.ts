import type { Item } from '@fewshot/db';
import { requireRole } from '../auth/require-role.ts';
import type { QueryResolvers, Resolvers } from '../generated/graphql.ts';
import { coldStartStats } from '../services/cold-start-stats.ts';
import { modelVersionRow } from './model-lifecycle.ts';

export const coldStartQueries: QueryResolvers = {
  coldStart: (_, args, context) => {
    requireRole(context, 'MERCHANDISER');
    const { serving } = context.state;
    if (!serving) throw new Error('this api process serves no recommendations (no serving state)');
    return coldStartStats(context.db, serving.registry, { days: args.days ?? 7, coldThreshold: serving.settings.coldThreshold });
  },
};

export const coldStartTypes: Pick<Resolvers, 'ColdStartStats'> = {
  ColdStartStats: {
    // Items deleted since they were counted are left out.
    waitingItems: async (stats, _, { loaders }) => (await loaders.itemById.loadMany(stats.waitingItemIds)).filter((item): item is Item => item !== null && !(item instanceof Error)),
    modelVersion: (stats, _, { db }) => (stats.modelVersionId === null ? null : modelVersionRow(db, stats.modelVersionId)),
  },
};
