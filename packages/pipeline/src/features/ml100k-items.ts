import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface CatalogItem {
  externalId: string;
  title: string;
  attributes: { year?: number; genres: string[] };
  imageUri: string | null;
}

/**
 * The ML-100K catalog as the importer stores it (title, year, genres, poster reference), read straight from the
 * RecBole atomic file and the poster map, for the features benchmark (which must not depend on a prior import).
 */
export function readMl100kItems(ml100kDir: string, postersDir: string): CatalogItem[] {
  const itemFile = path.join(ml100kDir, 'ml-100k.item');
  if (!existsSync(itemFile)) throw new Error(`ML-100K is not at ${ml100kDir} (ml-100k.item missing); set FEWSHOT_SHARED_DATA`);
  const posters = readPosterMap(path.join(postersDir, 'ml-100k-to-poster.tsv'));
  const [header = '', ...lines] = readFileSync(itemFile, 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  const columns = header.split('\t').map((column) => column.split(':')[0]);
  const at = (fields: string[], name: string) => fields[columns.indexOf(name)]?.trim() ?? '';
  return lines.map((line) => {
    const fields = line.split('\t');
    const id = at(fields, 'item_id');
    const year = Number(at(fields, 'release_year'));
    const poster = posters.get(id);
    const file = poster ? path.join(postersDir, 'images', `${poster}.jpg`) : null;
    return {
      externalId: id,
      title: at(fields, 'movie_title'),
      attributes: { ...(Number.isInteger(year) && year > 0 ? { year } : {}), genres: at(fields, 'class').split(' ').filter(Boolean) },
      imageUri: file && existsSync(file) ? pathToFileURL(file).href : null,
    };
  });
}

function readPosterMap(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  const rows = readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
  return new Map(rows.map((row) => row.split('\t') as [string, string]));
}
