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

/** PostgreSQL's integer: the largest id a serial column holds. */
const MAX_SERIAL = 2_147_483_647;

/**
 * An id the database numbers (a model version, an API key): digits only, within PostgreSQL's integer range, so a
 * larger one is a client error rather than a database failure. `noun` names what it identifies in the message.
 */
export function checkSerialId(id: string, field: string, noun: string): number {
  const trimmed = id.trim();
  const value = Number(trimmed);
  if (!/^\d{1,10}$/.test(trimmed) || value < 1 || value > MAX_SERIAL) throw badInput(`${field} must be ${noun}'s number, got "${id.slice(0, 40)}"`, field);
  return value;
}
