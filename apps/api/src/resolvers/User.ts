import type { UserResolvers } from '../generated/graphql.ts';
import { listUserInteractions } from '../services/list-users.ts';

export const User: UserResolvers = {
  id: (user) => user.externalId,
  interactionCount: (user, _, { loaders }) => loaders.interactionCountByUser.load(user.id),
  interactions: (user, args, { db }) => listUserInteractions(db, { userId: user.id, ...args }),
};
