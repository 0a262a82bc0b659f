import { badInput } from '../errors.ts';

/**
 * Checks on the strings clients send, shared by every resolver, so a bad one is BAD_USER_INPUT with a message
 * instead of a database error. PostgreSQL text cannot hold a NUL character: such a value can match nothing and makes
 * the query itself fail, so it is refused here.
 */
export const MAX_ID_LENGTH = 256;

function checkNoNul(value: string, field: string): void {
  if (value.includes('\u0000')) throw badInput(`${field} must not contain a NUL character (\\u0000)`, field);
}

/** An external id (item, user, …): trimmed, non-empty, at most MAX_ID_LENGTH characters, no NUL. */
export function checkExternalId(id: string, field = 'id'): string {
  const trimmed = id.trim();
  if (trimmed === '' || trimmed.length > MAX_ID_LENGTH) throw badInput(`${field} must be a non-empty id of at most ${MAX_ID_LENGTH} characters`, field);
  checkNoNul(trimmed, field);
  return trimmed;
}

/** Free text such as a search string: at most `maxLength` characters, no NUL; null and undefined pass through. */
export function checkText<T extends string | null | undefined>(value: T, field: string, maxLength: number): T {
  if (value === null || value === undefined) return value;
  if (value.length > maxLength) throw badInput(`${field} must be at most ${maxLength} characters`, field);
  checkNoNul(value, field);
  return value;
}
