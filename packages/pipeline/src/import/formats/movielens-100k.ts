import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { delimitedFile } from '../dataset-file.ts';
import { ratingEvent, splitTitleYear } from '../fields.ts';
import type { Dataset } from '../types.ts';

// u.genre's order, used when the file is absent: the 19 flag columns of u.item follow it.
const ML100K_GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];

function readGenres(dir: string): string[] {
  const file = path.join(dir, 'u.genre');
  if (!existsSync(file)) return ML100K_GENRES;
  return readFileSync(file, 'latin1').split('\n').filter((line) => line.includes('|')).map((line) => line.split('|')[0]!);
}

/**
 * MovieLens-100K as GroupLens ships it: `u.item` (Latin-1, `|`-separated, 19 genre flags), `u.data`
 * (tab-separated user, item, rating, Unix seconds) and optionally `u.user` (id|age|gender|occupation|zip).
 */
export function movieLens100k(dir: string): Dataset {
  const genres = readGenres(dir);
  const items = delimitedFile('items', path.join(dir, 'u.item'), { delimiter: '|', quoted: false, encoding: 'latin1', header: false }, (fields, r) => {
    r.columnCount(fields, 5 + genres.length);
    const externalId = r.required('movie id', fields[0]);
    const { title, year } = splitTitleYear(fields[1] ?? '');
    const releaseYear = year ?? (/(\d{4})$/.exec(fields[2] ?? '') ? Number(/(\d{4})$/.exec(fields[2]!)![1]) : null);
    const itemGenres = genres.filter((_, index) => fields[5 + index]?.trim() === '1' && genres[index] !== 'unknown');
    return { externalId, title, description: null, attributes: { genres: itemGenres, ...(releaseYear ? { year: releaseYear } : {}) }, imageUri: null };
  });
  const files: Dataset['files'] = [items];
  if (existsSync(path.join(dir, 'u.user'))) {
    files.push(
      delimitedFile('users', path.join(dir, 'u.user'), { delimiter: '|', quoted: false, header: false }, (fields, r) => {
        r.columnCount(fields, 5);
        return {
          externalId: r.required('user id', fields[0]),
          attributes: { age: r.number('age', fields[1]), gender: fields[2]?.trim(), occupation: fields[3]?.trim(), zipCode: fields[4]?.trim() },
        };
      }),
    );
  }
  files.push(
    delimitedFile('interactions', path.join(dir, 'u.data'), { delimiter: '\t', quoted: false, header: false }, (fields, r) =>
      ratingEvent(fields, r, ['user id', 'item id', 'rating', 'timestamp']),
    ),
  );
  return { format: 'movielens-100k', files };
}
