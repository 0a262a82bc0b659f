import path from 'node:path';
import { delimitedFile } from '../dataset-file.ts';
import { ratingEvent, splitTitleYear } from '../fields.ts';
import type { Dataset } from '../types.ts';

/**
 * The GroupLens CSV layout (ml-latest-small, ml-latest, ml-20m, ml-25m, …): `movies.csv` (movieId,title,genres)
 * and `ratings.csv` (userId,movieId,rating,timestamp in Unix seconds). Users are those who rated.
 */
export function movieLensCsv(dir: string): Dataset {
  const items = delimitedFile('items', path.join(dir, 'movies.csv'), { delimiter: ',', quoted: true, header: true }, (fields, r) => {
    r.columnCount(fields, 3);
    const externalId = r.required('movieId', fields[0]);
    // ml-latest-small has a few movies without a title; they are kept (text features then record the gap).
    const { title, year } = splitTitleYear(fields[1] ?? '');
    const genres = (fields[2] ?? '').split('|').map((genre) => genre.trim()).filter((genre) => genre && genre !== '(no genres listed)');
    return { externalId, title, description: null, attributes: { genres, ...(year ? { year } : {}) }, imageUri: null };
  });
  const interactions = delimitedFile('interactions', path.join(dir, 'ratings.csv'), { delimiter: ',', quoted: true, header: true }, (fields, r) =>
    ratingEvent(fields, r, ['userId', 'movieId', 'rating', 'timestamp']),
  );
  return { format: 'movielens-csv', files: [items, interactions] };
}
