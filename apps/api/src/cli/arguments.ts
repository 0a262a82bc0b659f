import { InvalidArgumentError } from 'commander';

/** Commander argument parsers shared by the commands: each refuses what it cannot use, in words. */
export function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

export function nonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return parsed;
}

/**
 * A key's own rate limit: requests a minute (`0` or `off`: no limit), or `default` for its role's (null). The range
 * is checked where the limit is set (auth/set-api-key-rate-limit.ts).
 */
export function rateLimitArgument(value: string): number | null {
  const text = value.trim().toLowerCase();
  if (text === 'default') return null;
  if (text === 'off') return 0;
  const parsed = Number(text);
  if (text === '' || !Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected requests a minute (a whole number; 0 or off: no limit) or default (the role\'s limit)');
  return parsed;
}

/** Comma-separated positive integers, e.g. 9066,40000,60000: distinct, ascending. */
export function positiveIntList(value: string): number[] {
  const values = value.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((x) => !Number.isInteger(x) || x <= 0)) throw new InvalidArgumentError('expected comma-separated positive integers, e.g. 9066,40000');
  return [...new Set(values)].sort((a, b) => a - b);
}

/** A share of something: a fraction (0.1) or a percentage (10%), kept as the fraction; the caller checks its range. */
export function share(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const parsed = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || text === '%' || !Number.isFinite(parsed)) throw new InvalidArgumentError('expected a fraction such as 0.1, or a percentage such as 10%');
  return percent ? parsed / 100 : parsed;
}

/** Comma-separated ids as the client system knows them (items, users), in the order given; blanks are refused. */
export function idList(value: string): string[] {
  const ids = value.split(',').map((part) => part.trim());
  if (ids.some((id) => id === '')) throw new InvalidArgumentError('expected comma-separated ids, e.g. m1,m17,m42');
  return ids;
}
