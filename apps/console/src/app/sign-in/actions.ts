'use server';

import { redirect } from 'next/navigation';
import { graphql } from '@/gql';
import { ApiError, request } from '@/lib/api';
import { consoleEnv } from '@/lib/env';
import { clearSession, storeSession } from '@/lib/session';

const Viewer = graphql(`
  query Viewer {
    viewer { id name role revokedAt }
  }
`);

export interface SignInState {
  error: string | null;
}

/** Only a path of this console: a crafted `next` never sends a person elsewhere. */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === 'string' ? value : '/';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Checks the key with the api (`viewer`) and keeps it in the encrypted session cookie; the browser never reads it. */
export async function signIn(_: SignInState, form: FormData): Promise<SignInState> {
  const useLocal = form.get('local') === 'on' && consoleEnv.localAdmin && consoleEnv.apiKey;
  const key = useLocal ? consoleEnv.apiKey! : String(form.get('key') ?? '').trim();
  if (!key) return { error: 'Enter your API key (an admin or merchandiser key: npx fewshot keys create --role merchandiser --name "your name").' };
  if (key.length > 200) return { error: 'That is not an API key: Fewshot keys start with fsk_ and are 47 characters long.' };
  let viewer;
  try {
    viewer = (await request(key, Viewer)).viewer;
  } catch (error) {
    return { error: error instanceof ApiError ? error.message : 'The api could not check the key; try again.' };
  }
  if (!viewer || viewer.revokedAt) return { error: 'That key is unknown or revoked. Ask an admin for a key, or create one with npx fewshot keys create.' };
  if (viewer.role === 'FRONTEND') return { error: `The key "${viewer.name}" has role frontend, which is for shop frontends: the console needs an admin or merchandiser key.` };
  await storeSession({ key, keyId: viewer.id, name: viewer.name, role: viewer.role, expires: Date.now() + consoleEnv.sessionHours * 3600_000 });
  redirect(safeNext(form.get('next')));
}

export async function signOut(): Promise<void> {
  await clearSession();
  redirect('/sign-in');
}
