import http from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ContextValue } from './context.ts';
import { ITEM_IMAGE_PREFIX } from './images/serve-item-image.ts';
import { sendJson, sendJsonError } from './json-response.ts';
import { handleCors } from './protection/cors.ts';
import { isMultipart, MultipartError, readMultipartRequest, type UploadLimits } from './uploads/multipart.ts';
import { statusForClient } from './protection/legacy-status.ts';
import { RateLimitedError, rateLimitHeaders, type RateLimitVerdict } from './protection/rate-limits.ts';

export interface HttpServerOptions {
  apollo: ApolloServer<ContextValue>;
  /** Builds a request's context from its headers (the API key among them). */
  createContext: (req: http.IncomingMessage) => ContextValue | Promise<ContextValue>;
  /** Answers GET /health: 200 with a JSON body when healthy, 503 otherwise. */
  health: () => Promise<{ ok: boolean; body: Record<string, unknown> }>;
  maxBodyBytes: number;
  /** Origins allowed to call from a browser (FEWSHOT_CORS_ORIGINS); none: same-origin only. */
  corsOrigins?: readonly string[];
  /** GraphQL multipart requests (file uploads, uploads/multipart.ts); absent: multipart bodies are refused. */
  uploads?: UploadLimits;
  /** Answers GET/HEAD /images/items/<url-encoded id> with the item's image (images/serve-item-image.ts). */
  serveItemImage?: (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => Promise<void>;
  /**
   * Counts a GraphQL request against its caller's rate limit (protection/rate-limits.ts) once its key is known and
   * before its body is read; null: the caller has no limit. Absent: no limits.
   */
  rateLimit?: (req: http.IncomingMessage, context: ContextValue) => Promise<RateLimitVerdict | null>;
  /**
   * Counts a request for an item's image against its caller's limit (RateLimits.checkImage) before it is answered;
   * null: no limit. Absent: no limits.
   */
  imageRateLimit?: (req: http.IncomingMessage) => Promise<{ verdict: RateLimitVerdict | null; auth: ContextValue['auth'] }>;
  /** Answers GET/HEAD /metrics (metrics/metrics-endpoint.ts); absent: no such route. */
  metrics?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJsonBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json') && !type.includes('application/graphql-response+json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}

async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, options: HttpServerOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  // The key first, so a caller over its limit is refused before its body (an upload, say) is read.
  const context = await options.createContext(req);
  if (refusedOverLimit(res, (await options.rateLimit?.(req, context)) ?? null, context.auth)) return;
  const multipart = req.method === 'POST' && isMultipart(req);
  if (multipart && !options.uploads) throw new HttpError(415, 'this endpoint takes no file uploads (multipart/form-data)');
  const body = req.method !== 'POST' ? undefined : multipart ? await readMultipartRequest(req, options.uploads!) : await readJsonBody(req, options.maxBodyBytes);
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context: async () => context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  // Answers are per key and per user: no shared cache may keep them (server.ts turns Apollo's own header off).
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.statusCode = statusForClient(res.statusCode, req.headers, response.body.string);
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Answers 429 when the verdict refuses (true: the request is answered), else sets its RateLimit-* headers. The body
 * is left unread: the connection is closed rather than read only to throw it away.
 */
function refusedOverLimit(res: http.ServerResponse, verdict: RateLimitVerdict | null, auth: ContextValue['auth']): boolean {
  if (!verdict) return false;
  const limitHeaders = rateLimitHeaders(verdict);
  if (!verdict.allowed) {
    sendJson(res, 429, { errors: [new RateLimitedError(verdict, auth).toJSON()] }, { ...limitHeaders, connection: 'close' });
    return true;
  }
  for (const [key, value] of Object.entries(limitHeaders)) res.setHeader(key, value);
  return false;
}

async function handleItemImage(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, options: HttpServerOptions): Promise<void> {
  if (options.imageRateLimit) {
    const { verdict, auth } = await options.imageRateLimit(req);
    if (refusedOverLimit(res, verdict, auth)) return;
  }
  return options.serveItemImage!(req, res, pathname);
}

/**
 * How long an idle keep-alive connection stays open. Whoever closes an idle connection first races the other side
 * reusing it: a request written onto a socket the server has just closed fails (EPIPE or ECONNRESET, never an
 * answer). Node's default (5 s) is shorter than what pools in front of it keep idle sockets for (load balancers
 * commonly 60 s), and Node's own fetch keeps them for the hinted timeout less 2 s, counted on a clock that runs
 * slow while its process is busy: in CI a forged upload, sent on a pooled socket that had idled through a 25 MB
 * upload on another, broke that way. At 65 s a load balancer's 60 s closes first, and a client's idle socket meets
 * the race only after a minute, not seconds. Shutdown closes idle connections at once (shutdown.ts).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The api's HTTP surface: `/graphql` (GET and POST, GraphQL over HTTP, multipart uploads; a landing page for
 * browsers), `/health`, `/metrics` and `/images/items/<id>`, with CORS.
 */
export function createHttpServer(options: HttpServerOptions): http.Server {
  const server = http.createServer((req, res) => {
    // Shutting down (the listener is closed): answer, then close, so a keep-alive client cannot hold the process.
    if (!server.listening) res.setHeader('connection', 'close');
    if (handleCors(req, res, options.corsOrigins ?? [])) return;
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const route = async () => {
      if (pathname === '/graphql') return handleGraphQL(req, res, options);
      if (pathname.startsWith(ITEM_IMAGE_PREFIX) && options.serveItemImage) return handleItemImage(req, res, pathname, options);
      if (pathname === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        const { ok, body } = await options.health();
        return sendJson(res, ok ? 200 : 503, body);
      }
      if (pathname === '/metrics' && options.metrics && (req.method === 'GET' || req.method === 'HEAD')) return options.metrics(req, res);
      throw new HttpError(404, `no route ${req.method} ${pathname}; the GraphQL endpoint is /graphql`);
    };
    route().catch((error: unknown) => {
      if (error instanceof HttpError || error instanceof MultipartError) {
        // The rest of an oversized body is never read: close the connection so it cannot be reused mid-request.
        if (error.status === 413) res.setHeader('connection', 'close');
        return sendJsonError(res, error.status, 'BAD_REQUEST', error.message);
      }
      console.error('fewshot api: request failed', error);
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.end();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  return server;
}
