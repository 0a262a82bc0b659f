import type http from 'node:http';
import { sendJsonError } from '../json-response.ts';

/** Request headers a browser frontend may send: JSON bodies, the API key (either header), Apollo's CSRF header. */
export const CORS_ALLOWED_HEADERS = ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-apollo-operation-name'];
/** Response headers a browser frontend may read besides the safelisted ones (protection/rate-limits.ts). */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy'];
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** Browsers cache a preflight this long (seconds), so a frontend pays it once per ten minutes, not per request. */
const PREFLIGHT_MAX_AGE = 600;

/**
 * Parses `FEWSHOT_CORS_ORIGINS`: comma-separated origins (`https://shop.example`, `http://localhost:5173`), or `*` for
 * any origin. Each is normalised as browsers send it (lower-case host, no default port); a path, query or anything
 * that is not an http(s) origin is refused by name, since a typo would otherwise fail silently in the browser.
 */
export function parseCorsOrigins(value: string | undefined): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    if (entry === '*') {
      origins.push('*');
      continue;
    }
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username || entry.endsWith('/')) {
      problems.push(`"${entry}" is not an origin such as https://shop.example or http://localhost:5173 (scheme, host and port only)`);
    } else {
      origins.push(url.origin);
    }
  }
  return { origins, problems };
}

/**
 * CORS for the configured origins. A request from an allowed origin gets `Access-Control-Allow-Origin`; a preflight
 * (OPTIONS with Access-Control-Request-Method) from one is answered here, 204 with the methods and headers allowed;
 * any other origin gets no CORS header at all (its preflight: 403 with the reason), so its browser blocks the call.
 * Same-origin pages need nothing. Returns true when the request has been answered.
 */
export function handleCors(req: http.IncomingMessage, res: http.ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  // The answer depends on Origin: caches must not hand one origin's response to another.
  if (allowedOrigins.length > 0) res.setHeader('vary', 'Origin');
  const allowed = origin !== undefined && (allowedOrigins.includes('*') || allowedOrigins.includes(origin));
  if (allowed) res.setHeader('access-control-allow-origin', origin);
  if (!preflight) {
    // A browser frontend may read when it can ask again (a 429's Retry-After) and how much of its limit is left.
    if (allowed) res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
    return false;
  }
  if (!allowed) {
    sendJsonError(res, 403, 'FORBIDDEN', `origin ${origin ?? '(none)'} may not call this API from a browser; the operator can allow it in FEWSHOT_CORS_ORIGINS`);
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE),
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  });
  res.end();
  return true;
}
