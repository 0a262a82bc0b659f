import type { User as UserRow } from '@fewshot/db';
import type { ContextValue } from '../context.ts';
import { listUserInteractions } from '../services/list-users.ts';

export const User = {
  id: (user: UserRow) => user.externalId,
  interactionCount: (user: UserRow, _: unknown, { loaders }: ContextValue) => loaders.interactionCountByUser.load(user.id),
  interactions: (user: UserRow, args: { first: number; after?: string | null }, { db }: ContextValue) =>
    listUserInteractions(db, { userId: user.id, ...args }),
};
