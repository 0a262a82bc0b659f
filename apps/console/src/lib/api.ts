import 'server-only';
import type { TypedDocumentString } from '@/gql/graphql';
import { consoleEnv } from './env';
import type { Session } from './session';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

type Variables<V> = V extends Record<string, never> ? Record<string, never> | undefined : V;

/**
 * Runs a typed GraphQL document (src/gql, generated from the api's schema) against the api from the console's server,
 * with the signed-in person's API key: the api itself enforces what their role may do. Errors keep the api's code
 * and message, which pages show as they are (they are written for people).
 */
export async function request<R, V>(session: Pick<Session, 'key'> | string, document: TypedDocumentString<R, V>, variables?: Variables<V>): Promise<R> {
  const key = typeof session === 'string' ? session : session.key;
  let response: Response;
  try {
    response = await fetch(consoleEnv.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(`The api at ${consoleEnv.apiUrl} does not answer. Is it running?`, 'API_UNREACHABLE');
  }
  const body = (await response.json().catch(() => null)) as { data?: R; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  const first = body?.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
  if (!body?.data) throw new ApiError(`The api answered ${response.status} without data.`, 'BAD_RESPONSE');
  return body.data;
}
