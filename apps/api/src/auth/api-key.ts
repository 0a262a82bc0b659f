import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRole } from '@fewshot/db';

/**
 * The shape of a Fewshot API key: `fsk_` and 32 random bytes in base64url (256 bits). Only its sha256 is stored;
 * the first characters (`prefix`) are kept in clear so people can tell keys apart in a list.
 */
const KEY_TAG = 'fsk_';
const KEY_BYTES = 32;
const KEY_PATTERN = /^fsk_[A-Za-z0-9_-]{43}$/;
// Tag plus 8 characters: 48 of the 256 bits, enough to recognise a key, far too few to guess the rest.
const PREFIX_LENGTH = KEY_TAG.length + 8;

export const API_KEY_ROLES = ['FRONTEND', 'MERCHANDISER', 'ADMIN'] as const satisfies readonly ApiKeyRole[];

export interface NewApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  prefix: string;
  keyHash: string;
}

export function generateApiKey(): NewApiKey {
  const key = KEY_TAG + randomBytes(KEY_BYTES).toString('base64url');
  return { key, prefix: key.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(key) };
}

/** sha256 hex: the key has 256 random bits, so a fast hash is enough (no password stretching needed). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** True when the text can be a key this module issued: anything else is refused without a database lookup. */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

/** `frontend` → `FRONTEND`, for the CLI; a name that is no role throws, listing the roles. */
export function parseApiKeyRole(text: string): ApiKeyRole {
  const role = API_KEY_ROLES.find((candidate) => candidate === text.trim().toUpperCase());
  if (!role) throw new Error(`unknown role "${text}": use ${API_KEY_ROLES.map((r) => r.toLowerCase()).join(', ')}`);
  return role;
}
