import type { IncomingHttpHeaders } from 'node:http';

// Request errors that come from a well-formed GraphQL-over-HTTP request whose document or variables are wrong.
const DOCUMENT_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_LIMIT_EXCEEDED']);

/**
 * The status a request error gets, by the media type the client negotiated (GraphQL over HTTP, "legacy watershed"):
 * a client that asks for `application/graphql-response+json`, or names no media type (curl, browsers: `*\/*`), gets
 * the 4xx; a client that asks for `application/json` alone, the legacy format, SHOULD get 200 with the errors in
 * the body, which is what such clients expect. Malformed requests (no query, bad JSON) stay 4xx for everyone.
 */
export function statusForClient(status: number, headers: IncomingHttpHeaders, body: string): number {
  if (status !== 400) return status;
  const accept = (headers.accept ?? '').toLowerCase();
  if (!accept.includes('application/json') || accept.includes('application/graphql-response+json')) return status;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (parsed.errors ?? []).map((error) => error.extensions?.code);
    return parsed.data === undefined && codes.length > 0 && codes.every((code) => typeof code === 'string' && DOCUMENT_ERROR_CODES.has(code)) ? 200 : status;
  } catch {
    return status;
  }
}
