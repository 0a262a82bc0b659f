import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ImageSourceOptions {
  /** Folder holding the images. */
  dir: string;
  /**
   * Optional two-column file (TSV or CSV, header row first) mapping an item id to an image key, e.g.
   * ml-100k-to-poster.tsv (`ml100k_item_id → poster_movie_id`). Without it the key is the item id itself.
   */
  map?: string | undefined;
  /** File name for a key; `{id}` is replaced by the key. Default `{id}.jpg`. */
  pattern?: string | undefined;
}

/**
 * Resolves an item's image to a `file://` reference inside `dir`. Images are referenced where they are, never
 * copied into the database or the repository; items whose file is absent get no image.
 */
export function createImageResolver({ dir, map, pattern = '{id}.jpg' }: ImageSourceOptions): (itemId: string) => string | null {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new Error(`image folder ${dir} does not exist`);
  if (!pattern.includes('{id}')) throw new Error(`image pattern "${pattern}" must contain {id}`);
  const keys = map ? readImageMap(map) : null;
  return (itemId) => {
    const key = keys ? keys.get(itemId) : itemId;
    if (key === undefined) return null;
    const file = path.join(root, pattern.replaceAll('{id}', key));
    return existsSync(file) ? pathToFileURL(file).href : null;
  };
}

function readImageMap(file: string): Map<string, string> {
  if (!existsSync(file)) throw new Error(`image map ${file} does not exist`);
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  const delimiter = lines[0]?.includes('\t') ? '\t' : ',';
  const keys = new Map<string, string>();
  lines.slice(1).forEach((line, index) => {
    const [itemId, key] = line.split(delimiter).map((part) => part.trim());
    if (!itemId || !key) throw new Error(`${path.basename(file)}:${index + 2}: expected "item id${delimiter === '\t' ? '<tab>' : ','}image key"`);
    keys.set(itemId, key);
  });
  return keys;
}
