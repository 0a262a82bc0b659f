'use server';

import { revalidatePath } from 'next/cache';
import { graphql } from '@/gql';
import type { ApiKeyRole } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

const KeyCreate = graphql(`
  mutation KeyCreate($role: ApiKeyRole!, $name: String!) {
    createApiKey(role: $role, name: $name) {
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

const ROLES: readonly ApiKeyRole[] = ['FRONTEND', 'MERCHANDISER', 'ADMIN'];

export interface KeyCreateState {
  error: string | null;
  /** The new key, in this answer only: the form keeps it in its state (never a cookie or a URL) and shows it once. */
  created: { key: string; id: string; name: string; role: ApiKeyRole; prefix: string } | null;
}

const message = (error: unknown) => (error instanceof ApiError ? error.message : 'The api could not be reached; try again.');

export async function createKey(_: KeyCreateState, form: FormData): Promise<KeyCreateState> {
  const { session, forbidden } = await requireSession({ from: '/keys', role: 'ADMIN' });
  if (forbidden) return { error: 'Only admins create API keys.', created: null };
  const name = String(form.get('name') ?? '').trim();
  const role = String(form.get('role') ?? '') as ApiKeyRole;
  if (!name) return { error: 'Give the key a name: who or what will use it (a shop, a person, the console).', created: null };
  if (!ROLES.includes(role)) return { error: 'Choose a role: frontend, merchandiser or admin.', created: null };
  try {
    const { createApiKey } = await request(session, KeyCreate, { role, name });
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
