import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { delimitedFile, jsonLinesFile } from '../dataset-file.ts';
import { derivedEventId, type FieldReader } from '../fields.ts';
import type { AnyDatasetFile, Dataset, DatasetFile, InteractionRecord, ItemRecord, RecordKind, RecordOf, UserRecord } from '../types.ts';

/**
 * Fewshot's own format (README "Import formats"): `items`, `users` and `interactions` files, each either JSON Lines
 * (`.jsonl`) or CSV with a header (`.csv`). Unknown item columns become attributes.
 */
const ITEM_FIELDS = new Set(['id', 'title', 'description', 'genres', 'year', 'image']);

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function itemFrom(row: Record<string, unknown>, r: FieldReader, dir: string): ItemRecord {
  const externalId = r.required('id', text(row.id));
  const title = text(row.title)?.trim() ?? '';
  const genres = Array.isArray(row.genres) ? row.genres.map(String) : (text(row.genres) ?? '').split('|').map((g) => g.trim()).filter(Boolean);
  const yearText = r.optional(text(row.year));
  const year = yearText === null ? null : r.number('year', yearText);
  const attributes: Record<string, unknown> = { genres, ...(year !== null ? { year } : {}) };
  for (const [key, value] of Object.entries(row)) if (!ITEM_FIELDS.has(key) && value !== '' && value !== null) attributes[key] = value;
  const image = r.optional(text(row.image));
  // Images are referenced, never copied: URLs stay as they are, paths resolve against the file's folder.
  const imageUri = image === null ? null : /^[a-z][a-z0-9+.-]*:\/\//i.test(image) ? image : pathToFileURL(path.resolve(dir, image)).href;
  return { externalId, title, description: r.optional(text(row.description)), attributes, imageUri };
}

function userFrom(row: Record<string, unknown>, r: FieldReader): UserRecord {
  const { id, ...attributes } = row;
  return { externalId: r.required('id', text(id)), attributes };
}

function interactionFrom(row: Record<string, unknown>, r: FieldReader): InteractionRecord {
  const userExternalId = r.required('user', text(row.user));
  const itemExternalId = r.required('item', text(row.item));
  const kind = r.kind('kind', text(row.kind), 'VIEW');
  const valueText = r.optional(text(row.value));
  const value = valueText === null ? null : r.number('value', valueText);
  const occurredAt = r.timestamp('timestamp', text(row.timestamp), { allowIso: true });
  const clientEventId = r.optional(text(row.id)) ?? derivedEventId(userExternalId, itemExternalId, kind, occurredAt);
  return { userExternalId, itemExternalId, kind, value, occurredAt, clientEventId };
}

function genericFile<K extends RecordKind>(kind: K, dir: string, map: (row: Record<string, unknown>, r: FieldReader) => RecordOf[K]): DatasetFile<K> | null {
  const jsonl = path.join(dir, `${kind}.jsonl`);
  if (existsSync(jsonl)) return jsonLinesFile(kind, jsonl, map);
  const csv = path.join(dir, `${kind}.csv`);
  if (!existsSync(csv)) return null;
  return delimitedFile(kind, csv, { delimiter: ',', quoted: true, header: true }, (fields, r, header) => {
    const row: Record<string, unknown> = {};
    header?.forEach((column, index) => {
      row[column] = fields[index] ?? '';
    });
    return map(row, r);
  });
}

export function genericFormat(dir: string): Dataset {
  const files = [
    genericFile('items', dir, (row, r) => itemFrom(row, r, dir)),
    genericFile('users', dir, userFrom),
    genericFile('interactions', dir, interactionFrom),
  ].filter((file): file is AnyDatasetFile => file !== null);
  if (files.length === 0) throw new Error(`no items, users or interactions file (.jsonl or .csv) in ${dir}`);
  return { format: 'generic', files };
}

export function isGenericDirectory(dir: string): boolean {
  return ['items', 'users', 'interactions'].some((kind) => existsSync(path.join(dir, `${kind}.jsonl`)) || existsSync(path.join(dir, `${kind}.csv`)));
}
