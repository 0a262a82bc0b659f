import { INTERACTION_KINDS, RowError, type InteractionKindName, type InteractionRecord } from './types.ts';

/** Field parsing shared by the formats; every failure names file, line and field. */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {}

  fail(field: string | null, reason: string): never {
    throw new RowError(this.file, this.line, field, reason);
  }

  required(field: string, value: string | undefined): string {
    const trimmed = value?.trim() ?? '';
    if (trimmed === '') this.fail(field, 'is missing or empty');
    return trimmed;
  }

  optional(value: string | undefined): string | null {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? null : trimmed;
  }

  number(field: string, value: string | undefined): number {
    const text = this.required(field, value);
    const parsed = Number(text);
    if (!Number.isFinite(parsed)) this.fail(field, `"${text}" is not a number`);
    return parsed;
  }

  /** Unix seconds (MovieLens) or, for the generic format, ISO-8601 text; returns epoch milliseconds. */
  timestamp(field: string, value: string | undefined, { allowIso }: { allowIso: boolean }): number {
    const text = this.required(field, value);
    if (/^-?\d+(\.\d+)?$/.test(text)) {
      const ms = Math.round(Number(text) * 1000);
      if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) this.fail(field, `"${text}" is out of range for Unix seconds`);
      return ms;
    }
    if (allowIso) {
      const ms = Date.parse(text);
      if (!Number.isNaN(ms)) return ms;
    }
    return this.fail(field, `"${text}" is not ${allowIso ? 'an ISO-8601 time or ' : ''}Unix seconds`);
  }

  kind(field: string, value: string | undefined, fallback: InteractionKindName): InteractionKindName {
    const text = this.optional(value);
    if (text === null) return fallback;
    const upper = text.toUpperCase();
    if (!(INTERACTION_KINDS as readonly string[]).includes(upper)) {
      this.fail(field, `"${text}" is not one of ${INTERACTION_KINDS.join(', ').toLowerCase()}`);
    }
    return upper as InteractionKindName;
  }

  columnCount(fields: readonly string[], minimum: number): void {
    if (fields.length < minimum) this.fail(null, `expected at least ${minimum} columns, found ${fields.length}`);
  }
}

/** "Toy Story (1995)" → { title: "Toy Story", year: 1995 }; titles without a trailing year are kept whole. */
export function splitTitleYear(raw: string): { title: string; year: number | null } {
  const match = /^(.*\S)\s*\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(raw.trim());
  if (!match) return { title: raw.trim(), year: null };
  return { title: match[1]!, year: Number(match[2]) };
}

/** The id of an event that has none of its own: stable across re-imports of the same file. */
export function derivedEventId(user: string, item: string, kind: string, occurredAtMs: number): string {
  return `${user}|${item}|${kind.toLowerCase()}|${occurredAtMs}`;
}

/**
 * A MovieLens rating row: user, item, rating, Unix seconds, in that column order (u.data and ratings.csv alike).
 * `names` are the columns' names in that file, for error messages.
 */
export function ratingEvent(fields: readonly string[], r: FieldReader, names: readonly [string, string, string, string]): InteractionRecord {
  r.columnCount(fields, 4);
  const userExternalId = r.required(names[0], fields[0]);
  const itemExternalId = r.required(names[1], fields[1]);
  const value = r.number(names[2], fields[2]);
  const occurredAt = r.timestamp(names[3], fields[3], { allowIso: false });
  return { userExternalId, itemExternalId, kind: 'RATING', value, occurredAt, clientEventId: derivedEventId(userExternalId, itemExternalId, 'rating', occurredAt) };
}
