import type { Item as ItemRow } from '@fewshot/db';
import type { ItemResolvers } from '../generated/graphql.ts';
import { itemImagePath } from '../images/item-image.ts';

function attribute(item: ItemRow, key: string): unknown {
  return typeof item.attributes === 'object' && item.attributes !== null && !Array.isArray(item.attributes) ? (item.attributes as Record<string, unknown>)[key] : undefined;
}

export const Item: ItemResolvers = {
  id: (item) => item.externalId,
  genres: (item) => {
    const genres = attribute(item, 'genres');
    return Array.isArray(genres) ? genres.map(String) : [];
  },
  year: (item) => {
    const year = attribute(item, 'year');
    return typeof year === 'number' && Number.isInteger(year) ? year : null;
  },
  interactionCount: (item, _, { loaders }) => loaders.interactionCountByItem.load(item.id),
  imageUrl: (item) => (item.imageUri ? itemImagePath(item.externalId) : null),
};
