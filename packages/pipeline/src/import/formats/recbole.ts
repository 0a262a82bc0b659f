import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { columnIndex, delimitedFile } from '../dataset-file.ts';
import { derivedEventId, splitTitleYear, type FieldReader } from '../fields.ts';
import type { Dataset } from '../types.ts';

/**
 * RecBole's atomic files: `<name>.inter`, `<name>.item`, `<name>.user`, tab-separated with a typed header
 * (`item_id:token`, `class:token_seq`, `rating:float`). Sequence fields are space-separated.
 */
export function recBoleAtomic(dir: string): Dataset {
  const find = (extension: string) => readdirSync(dir).find((file) => file.endsWith(extension));
  const interFile = find('.inter');
  if (!interFile) throw new Error(`no .inter file in ${dir}`);
  const options = { delimiter: '\t', quoted: false, header: true } as const;
  const files: Dataset['files'] = [];
  const itemFile = find('.item');
  if (itemFile) {
    files.push(
      delimitedFile('items', path.join(dir, itemFile), options, (fields, r, header) => {
        const at = (names: string[], required = false) => fieldAt(fields, header, names, r, required);
        const externalId = r.required('item_id', at(['item_id'], true));
        const rawTitle = at(['movie_title', 'title', 'name', 'item_name']) ?? '';
        const { title, year: titleYear } = splitTitleYear(rawTitle);
        const yearText = at(['release_year', 'year']);
        const year = yearText && /^\d{4}$/.test(yearText.trim()) ? Number(yearText) : titleYear;
        const genreText = at(['class', 'genre', 'genres', 'categories', 'category']);
        const genres = genreText ? genreText.split(' ').filter(Boolean) : [];
        const description = r.optional(at(['description', 'overview', 'text']));
        return { externalId, title, description, attributes: { genres, ...(year ? { year } : {}) }, imageUri: null };
      }),
    );
  }
  const userFile = find('.user');
  if (userFile) {
    files.push(
      delimitedFile('users', path.join(dir, userFile), options, (fields, r, header) => {
        const idIndex = columnIndex(header, ['user_id'], r);
        const attributes: Record<string, unknown> = {};
        header?.forEach((column, index) => {
          const [name, type] = column.split(':');
          if (index === idIndex || !name) return;
          const value = fields[index]?.trim() ?? '';
          attributes[camel(name)] = type === 'float' && value !== '' ? Number(value) : value;
        });
        return { externalId: r.required('user_id', fields[idIndex]), attributes };
      }),
    );
  }
  files.push(
    delimitedFile('interactions', path.join(dir, interFile), options, (fields, r, header) => {
      const at = (names: string[], required = false) => fieldAt(fields, header, names, r, required);
      const userExternalId = r.required('user_id', at(['user_id'], true));
      const itemExternalId = r.required('item_id', at(['item_id'], true));
      const ratingText = at(['rating']);
      const value = ratingText === undefined || ratingText.trim() === '' ? null : r.number('rating', ratingText);
      const occurredAt = r.timestamp('timestamp', at(['timestamp'], true), { allowIso: false });
      const kind = value === null ? 'VIEW' : 'RATING';
      return { userExternalId, itemExternalId, kind, value, occurredAt, clientEventId: derivedEventId(userExternalId, itemExternalId, kind, occurredAt) };
    }),
  );
  return { format: 'recbole', files };
}

// Column positions are looked up once per header, not once per row: this is the import's hot loop.
const columnCache = new WeakMap<string[], Map<string, number>>();

function fieldAt(fields: string[], header: string[] | null, names: string[], reader: FieldReader, required: boolean): string | undefined {
  let columns = header ? columnCache.get(header) : undefined;
  if (header && !columns) columnCache.set(header, (columns = new Map()));
  const key = names.join('|');
  let index = columns?.get(key);
  if (index === undefined) {
    index = columnIndex(header, names, reader, required);
    columns?.set(key, index);
  }
  return index < 0 ? undefined : fields[index];
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function isRecBoleDirectory(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((file) => file.endsWith('.inter'));
}
