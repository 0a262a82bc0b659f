import type { Item, User } from '@fewshot/db';
import type { InteractionResolvers } from '../generated/graphql.ts';

export const Interaction: InteractionResolvers = {
  id: (event) => event.clientEventId ?? `event-${event.id}`,
  // NOTE: foreign keys guarantee both rows; the loaders answer null only for ids that have none (were one missing
  // here, graphql-js would report a null on a non-null field).
  item: (event, _, { loaders }) => loaders.itemById.load(event.itemId) as Promise<Item>,
  user: (event, _, { loaders }) => loaders.userById.load(event.userId) as Promise<User>,
};
