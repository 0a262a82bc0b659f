'use server';

import { revalidatePath } from 'next/cache';
import { graphql } from '@/gql';
import type { ApiKeyRole } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const KeyCreate = graphql(`
  mutation KeyCreate($role: ApiKeyRole!, $name: String!, $rateLimitPerMinute: Int) {
    createApiKey(role: $role, name: $name, rateLimitPerMinute: $rateLimitPerMinute) {
      key
      apiKey { id name role prefix }
    }
  }
`);

const KeyRevoke = graphql(`
  mutation KeyRevoke($id: ID!) {
    revokeApiKey(id: $id) { id name revokedAt }
  }
`);

const KeyRateLimit = graphql(`
  mutation KeyRateLimit($id: ID!, $perMinute: Int) {
    setApiKeyRateLimit(id: $id, perMinute: $perMinute) { id rateLimitPerMinute }
  }
`);

const ROLES: readonly ApiKeyRole[] = ['FRONTEND', 'MERCHANDISER', 'ADMIN'];

export interface KeyCreateState {
  error: string | null;
  /** The new key, in this answer only: the form keeps it in its state (never a cookie or a URL) and shows it once. */
  created: { key: string; id: string; name: string; role: ApiKeyRole; prefix: string } | null;
}

const RATE_LIMIT_HELP = "Give a whole number of requests a minute (0: no limit), or nothing for the role's.";

/** A rate limit field: empty → null (the role's), a whole number ≥ 0, else 'invalid' (the api checks the upper bound). */
function readRateLimit(value: FormDataEntryValue | null): number | null | 'invalid' {
  const text = String(value ?? '').trim().replace(/[,_\s]/g, '');
  if (text === '') return null;
  const parsed = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(parsed) ? parsed : 'invalid';
}

const message = (error: unknown) => (error instanceof ApiError ? error.message : 'The api could not be reached; try again.');

export async function createKey(_: KeyCreateState, form: FormData): Promise<KeyCreateState> {
  const { session, forbidden } = await requireSession({ from: '/keys', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins create API keys.', created: null };
  const name = String(form.get('name') ?? '').trim();
  const role = String(form.get('role') ?? '') as ApiKeyRole;
  if (!name) return { error: 'Give the key a name: who or what will use it (a shop, a person, the console).', created: null };
  if (!ROLES.includes(role)) return { error: 'Choose a role: frontend, merchandiser or admin.', created: null };
  const rateLimit = readRateLimit(form.get('rateLimit'));
  if (rateLimit === 'invalid') return { error: RATE_LIMIT_HELP, created: null };
  try {
    const { createApiKey } = await request(session, KeyCreate, { role, name, rateLimitPerMinute: rateLimit });
    revalidatePath('/keys');
    return { error: null, created: { key: createApiKey.key, ...createApiKey.apiKey } };
  } catch (error) {
    return { error: message(error), created: null };
  }
}

export async function revokeKey(id: string): Promise<{ error: string | null }> {
  const { session, forbidden } = await requireSession({ from: '/keys', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins revoke API keys.' };
  try {
    await request(session, KeyRevoke, { id });
    revalidatePath('/keys');
    return { error: null };
  } catch (error) {
    return { error: message(error) };
  }
}

export interface KeyRateLimitState {
  error: string | null;
  /** Bumped on each save, so the form closes. */
  saved: number;
}

/** Sets a key's own rate limit (empty: back to its role's). */
export async function setKeyRateLimit(state: KeyRateLimitState, form: FormData): Promise<KeyRateLimitState> {
  const { session, forbidden } = await requireSession({ from: '/keys', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins change rate limits.', saved: state.saved };
  const perMinute = readRateLimit(form.get('rateLimit'));
  if (perMinute === 'invalid') return { error: RATE_LIMIT_HELP, saved: state.saved };
  try {
    await request(session, KeyRateLimit, { id: String(form.get('id') ?? ''), perMinute });
    revalidatePath('/keys');
    return { error: null, saved: state.saved + 1 };
  } catch (error) {
    return { error: message(error), saved: state.saved };
  }
}
