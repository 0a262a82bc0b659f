import type { UserResolvers } from '../generated/graphql.ts';
import { listUserInteractions } from '../services/list-users.ts';

export const User: UserResolvers = {
  id: (user) => user.externalId,
  interactionCount: async (user, _, { loaders }) => (await loaders.activityByUser.load(user.id)).count,
  firstActiveAt: async (user, _, { loaders }) => (await loaders.activityByUser.load(user.id)).firstAt,
  lastActiveAt: async (user, _, { loaders }) => (await loaders.activityByUser.load(user.id)).lastAt,
  interactions: (user, args, { db }) => listUserInteractions(db, { userId: user.id, ...args }),
};
