/**
 * The text an item is described by for text encoders: "title (year). genres. description".
 * Its shape is part of every text encoder's version (ITEM_TEXT_VERSION), since changing it changes the vectors.
 */
export const ITEM_TEXT_VERSION = 'item-text.1';

/** Longer descriptions are cut: sentence encoders read the start, and a pasted book must not stall a batch. */
export const MAX_ITEM_TEXT_CHARS = 2000;

export interface ItemTextSource {
  title: string | null | undefined;
  description?: string | null | undefined;
  /** Free-form attributes; `year`, `genres` and `categories` are read. */
  attributes?: unknown;
}

export type ItemTextResult = { ok: true; text: string } | { ok: false; error: string };

/** Composes an item's text, or says why it has none (a blank title). */
export function itemText(item: ItemTextSource): ItemTextResult {
  const title = clean(item.title);
  // NOTE: a blank title fails even when genres exist: vectors of "genres only" texts would make all such items
  // each other's nearest neighbours, which is worse for the item embedding generator than no text vector at all.
  if (!title) return { ok: false, error: 'empty title: a text feature needs the item title (genres alone are not enough)' };
  const attributes = isRecord(item.attributes) ? item.attributes : {};
  const year = yearOf(attributes.year);
  const head = year && !title.includes(`(${year})`) ? `${title} (${year})` : title;
  const labels = [...labelsOf(attributes.genres), ...labelsOf(attributes.categories)];
  const parts = [head, labels.length > 0 ? [...new Set(labels)].join(', ') : '', clean(item.description)];
  const text = parts.filter((part) => part.length > 0).join('. ');
  return { ok: true, text: text.length > MAX_ITEM_TEXT_CHARS ? text.slice(0, MAX_ITEM_TEXT_CHARS) : text };
}

function clean(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

function yearOf(value: unknown): string {
  const year = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return Number.isInteger(year) && year > 0 ? String(year) : '';
}

/** Genres arrive as arrays (our importer) or as "A|B" / "A, B" strings (other catalogs). */
function labelsOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[|,;]/) : [];
  return raw.map(clean).filter((label) => label.length > 0 && label !== '(no genres listed)');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
