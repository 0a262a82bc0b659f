import { consoleEnv } from './env';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Runs a GraphQL operation against the api from the console's server; errors keep the api's code and message. */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(consoleEnv.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(consoleEnv.apiKey ? { authorization: `Bearer ${consoleEnv.apiKey}` } : {}) },
      body: JSON.stringify({ query, variables }),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(`The api at ${consoleEnv.apiUrl} does not answer. Is it running?`, 'API_UNREACHABLE');
  }
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> } | null;
  const first = body?.errors?.[0];
  if (first?.extensions?.code === 'UNAUTHENTICATED' || first?.extensions?.code === 'FORBIDDEN') {
    // The operator fixes this in the console's configuration, not in a request.
    const problem = consoleEnv.apiKey ? 'The api refused the console\'s API key (FEWSHOT_API_KEY)' : 'The console has no API key';
    throw new ApiError(`${problem}: set FEWSHOT_API_KEY to an admin key (npx fewshot keys create --role admin). The api said: ${first.message}`, first.extensions.code);
  }
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
  if (!body?.data) throw new ApiError(`The api answered ${response.status} without data.`, 'BAD_RESPONSE');
  return body.data;
}
