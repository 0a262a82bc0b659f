import 'server-only';
import type { TypedDocumentString } from '@/gql/graphql';
import { ApiError, request } from '@/lib/api';
import { consoleEnv } from '@/lib/env';
import type { Session } from '@/lib/session';

/** A browser's file input: a File with bytes, or nothing chosen (the browser then sends an empty File). */
export function chosenFile(value: FormDataEntryValue | null): File | null {
  return value instanceof File && value.size > 0 ? value : null;
}

/**
 * Runs a typed document whose `image` variable is an upload: a GraphQL multipart request (operations, map, then the
 * file, README "Uploads") with the `apollo-require-preflight` header the api asks for. Without a file, a plain request.
 */
export async function requestWithImage<R, V extends { image?: File | null }>(session: Pick<Session, 'key'>, document: TypedDocumentString<R, V>, variables: V, image: File | null): Promise<R> {
  if (!image) return request(session, document, { ...variables, image: null } as never);
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: document.toString(), variables: { ...variables, image: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.image'] }));
  form.append('0', image, image.name || 'image');
  let response: Response;
  try {
    response = await fetch(consoleEnv.apiUrl, { method: 'POST', body: form, headers: { authorization: `Bearer ${session.key}`, 'apollo-require-preflight': 'true' }, cache: 'no-store' });
  } catch {
    throw new ApiError(`The api at ${consoleEnv.apiUrl} does not answer. Is it running?`, 'API_UNREACHABLE');
  }
  const text = await response.text();
  type Body = { data?: R | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const body = ((): Body => {
    try {
      return JSON.parse(text) as Body;
    } catch {
      throw new ApiError(response.status === 413 ? 'The image is too large for the api (at most 25 MB).' : `The api answered ${response.status}: ${text.slice(0, 200)}`, 'BAD_RESPONSE');
    }
  })();
  const first = body?.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
  if (!body?.data) throw new ApiError(`The api answered ${response.status} without data.`, 'BAD_RESPONSE');
  return body.data;
}
