import type { Item as ItemRow } from '@fewshot/db';
import type { ContextValue } from '../context.ts';

function attribute(item: ItemRow, key: string): unknown {
  return typeof item.attributes === 'object' && item.attributes !== null && !Array.isArray(item.attributes) ? (item.attributes as Record<string, unknown>)[key] : undefined;
}

export const Item = {
  id: (item: ItemRow) => item.externalId,
  genres: (item: ItemRow) => {
    const genres = attribute(item, 'genres');
    return Array.isArray(genres) ? genres.map(String) : [];
  },
  year: (item: ItemRow) => {
    const year = attribute(item, 'year');
    return typeof year === 'number' && Number.isInteger(year) ? year : null;
  },
  interactionCount: (item: ItemRow, _: unknown, { loaders }: ContextValue) => loaders.interactionCountByItem.load(item.id),
};
