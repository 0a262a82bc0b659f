import { requireRole } from '../auth/require-role.ts';
import type { Resolvers, UserResolvers } from '../generated/graphql.ts';
import { listUserServedLists } from '../services/user-served-lists.ts';
import { modelVersionRow } from './model-lifecycle.ts';

export const userServedListFields: Pick<UserResolvers, 'servedLists'> = {
  servedLists: (user, args, context) => {
    // What a person was shown and took: for the people who run the catalog (the console's user page), not frontends.
    requireRole(context, 'MERCHANDISER');
    return listUserServedLists(context.db, { userId: user.id, first: args.first, after: args.after, withinMinutes: args.withinMinutes });
  },
};

const upper = <T extends string>(value: T) => value.toUpperCase() as Uppercase<T>;

export const servedListTypes: Pick<Resolvers, 'ServedList' | 'ServedListItem' | 'ServedListFollow'> = {
  ServedList: {
    id: (list) => list.id.toString(),
    path: (list) => upper(list.path),
    modelVersion: (list, _, { db }) => (list.modelVersionId === null ? null : modelVersionRow(db, list.modelVersionId)),
    items: (list) => {
      const added = new Set(list.newItemIds);
      return list.itemIds.map((itemId, i) => ({ itemId, rank: i + 1, newToVersion: added.has(itemId), addedAfterTraining: added.has(itemId) }));
    },
    followed: (list) => (list.followed ? { ...list.followed, minutesAfter: (list.followed.occurredAt.getTime() - list.servedAt.getTime()) / 60_000 } : null),
  },
  // Items deleted since the list was shown load as null (the fields are nullable).
  ServedListItem: { item: (entry, _, { loaders }) => loaders.itemById.load(entry.itemId) },
  ServedListFollow: { item: (entry, _, { loaders }) => loaders.itemById.load(entry.itemId) },
};
