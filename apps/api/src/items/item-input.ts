import { badInput } from '../errors.ts';
import type { ItemInput, ItemPatch } from '../generated/graphql.ts';
import { parseImageUrl, ImageFetchError } from '../images/fetch-image-url.ts';
import { checkExternalId, checkText } from '../services/check-input.ts';

/** Bounds on what a merchandiser writes: generous for real catalogs, small enough to keep rows and the encoders' input sane. */
export const ITEM_LIMITS = { title: 500, description: 10_000, genres: 50, genre: 100, attributesBytes: 16_384, imageUrl: 2048 } as const;

/** Checked fields; `undefined` means "not given" (a patch leaves it as it is). */
export interface CheckedItemFields {
  title?: string;
  description?: string | null;
  genres?: string[] | null;
  year?: number | null;
  attributes?: Record<string, unknown> | null;
  imageUrl?: string;
}

function checkTitle(title: string, field: string): string {
  const trimmed = checkText(title, field, ITEM_LIMITS.title).trim();
  if (trimmed === '') throw badInput(`${field} must not be empty: the title is what the text encoder reads first`, field);
  return trimmed;
}

function checkGenres(genres: string[], field: string): string[] {
  if (genres.length > ITEM_LIMITS.genres) throw badInput(`${field} may hold at most ${ITEM_LIMITS.genres} genres, got ${genres.length}`, field);
  const out: string[] = [];
  genres.forEach((genre, i) => {
    const trimmed = checkText(genre, `${field}[${i}]`, ITEM_LIMITS.genre).trim();
    if (trimmed === '') throw badInput(`${field}[${i}] must not be empty`, `${field}[${i}]`);
    if (!out.some((g) => g.toLowerCase() === trimmed.toLowerCase())) out.push(trimmed);
  });
  return out;
}

function checkYear(year: number, field: string): number {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw badInput(`${field} must be a four-digit year, got ${year}`, field);
  return year;
}

function checkAttributes(attributes: unknown, field: string): Record<string, unknown> {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) throw badInput(`${field} must be a JSON object, e.g. {"brand": "Acme"}`, field);
  for (const key of ['genres', 'year']) {
    if (Object.hasOwn(attributes, key)) throw badInput(`${field}.${key}: give ${key} as the input's own ${key} field`, `${field}.${key}`);
  }
  const json = JSON.stringify(attributes);
  if (Buffer.byteLength(json) > ITEM_LIMITS.attributesBytes) throw badInput(`${field} must be at most ${ITEM_LIMITS.attributesBytes} bytes of JSON, got ${Buffer.byteLength(json)}`, field);
  // PostgreSQL's jsonb cannot hold NUL: refused here rather than failing in the database.
  if (json.includes('\\u0000')) throw badInput(`${field} must not contain a NUL character (\\u0000)`, field);
  return attributes as Record<string, unknown>;
}

function checkImageUrl(url: string, field: string): string {
  if (url.length > ITEM_LIMITS.imageUrl) throw badInput(`${field} must be at most ${ITEM_LIMITS.imageUrl} characters`, field);
  try {
    return parseImageUrl(url, field).href;
  } catch (error) {
    throw badInput(error instanceof ImageFetchError ? error.message : String(error), field);
  }
}

/** Checks a new item's input: every message names the field and what to fix. */
export function checkItemInput(input: ItemInput): CheckedItemFields & { externalId: string; title: string } {
  return {
    externalId: checkExternalId(input.id, 'input.id'),
    title: checkTitle(input.title, 'input.title'),
    description: input.description == null ? null : checkText(input.description, 'input.description', ITEM_LIMITS.description).trim() || null,
    genres: input.genres == null ? [] : checkGenres(input.genres, 'input.genres'),
    year: input.year == null ? null : checkYear(input.year, 'input.year'),
    attributes: input.attributes == null ? {} : checkAttributes(input.attributes, 'input.attributes'),
    ...(input.imageUrl == null ? {} : { imageUrl: checkImageUrl(input.imageUrl, 'input.imageUrl') }),
  };
}

/** Checks a patch: only the fields given; a title cannot be removed. */
export function checkItemPatch(patch: ItemPatch): CheckedItemFields & { removeImage: boolean } {
  if (patch.title === null) throw badInput('input.title cannot be removed: give a new title or leave it out', 'input.title');
  if (patch.removeImage && patch.imageUrl != null) throw badInput('give either input.imageUrl or input.removeImage, not both', 'input.removeImage');
  return {
    ...(patch.title === undefined ? {} : { title: checkTitle(patch.title, 'input.title') }),
    ...(patch.description === undefined ? {} : { description: patch.description === null ? null : checkText(patch.description, 'input.description', ITEM_LIMITS.description).trim() || null }),
    ...(patch.genres === undefined ? {} : { genres: patch.genres === null ? null : checkGenres(patch.genres, 'input.genres') }),
    ...(patch.year === undefined ? {} : { year: patch.year === null ? null : checkYear(patch.year, 'input.year') }),
    ...(patch.attributes === undefined ? {} : { attributes: patch.attributes === null ? null : checkAttributes(patch.attributes, 'input.attributes') }),
    ...(patch.imageUrl == null ? {} : { imageUrl: checkImageUrl(patch.imageUrl, 'input.imageUrl') }),
    removeImage: patch.removeImage === true,
  };
}

/** The stored attributes: the free-form ones plus genres and year, where the catalog's readers look for them. */
export function composeAttributes(base: Record<string, unknown>, genres: string[] | null | undefined, year: number | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  if (genres && genres.length > 0) out.genres = genres;
  if (year !== null && year !== undefined) out.year = year;
  return out;
}
