import type { Interaction as InteractionRow } from '@fewshot/db';
import type { ContextValue } from '../context.ts';

export const Interaction = {
  id: (event: InteractionRow) => event.clientEventId ?? `event-${event.id}`,
  item: (event: InteractionRow, _: unknown, { loaders }: ContextValue) => loaders.itemById.load(event.itemId),
  user: (event: InteractionRow, _: unknown, { loaders }: ContextValue) => loaders.userById.load(event.userId),
};
