import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Dataset } from '../types.ts';
import { genericFormat, isGenericDirectory } from './generic.ts';
import { movieLens100k } from './movielens-100k.ts';
import { movieLensCsv } from './movielens-csv.ts';
import { isRecBoleDirectory, recBoleAtomic } from './recbole.ts';

export const IMPORT_FORMATS = ['auto', 'movielens-csv', 'movielens-100k', 'recbole', 'generic'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const readers: Record<Exclude<ImportFormat, 'auto'>, (dir: string) => Dataset> = {
  'movielens-csv': movieLensCsv,
  'movielens-100k': movieLens100k,
  recbole: recBoleAtomic,
  generic: genericFormat,
};

/** Opens a dataset folder in the given format, or recognises the format from the file names. */
export function openDataset(dir: string, format: ImportFormat = 'auto'): Dataset {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  if (format !== 'auto') return readers[format](dir);
  const has = (file: string) => existsSync(path.join(dir, file));
  if (has('ratings.csv') && has('movies.csv')) return movieLensCsv(dir);
  if (has('u.data') && has('u.item')) return movieLens100k(dir);
  if (isRecBoleDirectory(dir)) return recBoleAtomic(dir);
  if (isGenericDirectory(dir)) return genericFormat(dir);
  throw new Error(
    `cannot tell the format of ${dir}: expected ratings.csv + movies.csv (MovieLens), u.data + u.item (MovieLens-100K), ` +
      '*.inter (RecBole) or items/users/interactions .jsonl/.csv (generic); pass --format to choose',
  );
}
