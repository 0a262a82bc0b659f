import net, { type AddressInfo } from 'node:net';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContextValue } from './context.ts';
import { readEnv } from './env.ts';
import { createHttpServer, KEEP_ALIVE_TIMEOUT_MS, type HttpServerOptions } from './http-server.ts';
import { QUERY_LIMITS } from './protection/limits.ts';
import { RateLimits } from './protection/rate-limits.ts';
import { ServableOperationsRule } from './protection/servable-operations.ts';
import { createApolloServer } from './server.ts';

/**
 * The api's HTTP surface in process, over real HTTP on loopback: what a malformed or oversized request, a browser and
 * a cross-origin frontend get. Nothing here reaches a resolver, so no database is needed.
 */
async function listen(corsOrigins: string[] = [], rateLimit?: HttpServerOptions['rateLimit'], more: Partial<HttpServerOptions> = {}) {
  const apollo = createApolloServer();
  await apollo.start();
  const server = createHttpServer({
    apollo,
    // !: no request here runs a resolver; the context is never read.
    createContext: () => ({}) as ContextValue,
    health: async () => ({ ok: true, body: { status: 'ok' } }),
    maxBodyBytes: 1_000_000,
    uploads: { maxFileBytes: 25 * 1024 * 1024, maxFiles: 1, maxFieldBytes: 1_000_000 },
    corsOrigins,
    rateLimit,
    ...more,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
    },
  };
}

type GraphQLBody = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

describe('GraphQL over HTTP, in process', () => {
  let api: Awaited<ReturnType<typeof listen>>;
  let loggedErrors: ReturnType<typeof vi.spyOn>;

  async function post(query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: GraphQLBody }> {
    const response = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  }

  beforeAll(async () => {
    api = await listen();
  });
  afterAll(async () => {
    await api?.close();
  });
  afterEach(() => {
    loggedErrors?.mockRestore();
  });
  const watchLog = () => (loggedErrors = vi.spyOn(console, 'error'));

  it('answers a trivial query', async () => {
    expect(await post('{ __typename }')).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('tells every cache not to keep an answer (they are per key and per user), errors included', async () => {
    for (const query of ['{ __typename }', '{ oops(']) {
      const response = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      expect(response.headers.get('cache-control'), query).toBe('no-store');
    }
  });

  describe('EXPECTED FAILURE: client errors are 400 with a code, never 500, and nothing is logged as internal', () => {
    it('a syntax error is GRAPHQL_PARSE_FAILED', async () => {
      watchLog();
      const { status, body } = await post('{ health { status ');
      expect(status).toBe(400);
      expect(body.errors).toEqual([expect.objectContaining({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
      const get = await fetch(`${api.base}/graphql?query=${encodeURIComponent('{ oops(')}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(get.status).toBe(400);
      expect(loggedErrors).not.toHaveBeenCalled();
    });

    it('1,000 aliases are over the token limit: QUERY_LIMIT_EXCEEDED with its own message, no "Syntax Error"', async () => {
      watchLog();
      const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ');
      const { status, body } = await post(`{ ${aliases} }`);
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: `The query has more than ${QUERY_LIMITS.tokens} tokens; at most ${QUERY_LIMITS.tokens} are allowed: split it into several requests.`,
          extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: 'tokens', max: QUERY_LIMITS.tokens } },
        }),
      ]);
      expect(loggedErrors).not.toHaveBeenCalled();
    });

    it('the other limits (aliases, depth) say which limit, the maximum and what was found', async () => {
      const aliases = await post(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: items { totalCount }`).join(' ')} }`);
      expect(aliases.status).toBe(400);
      expect(aliases.body.errors).toEqual([
        { message: 'The query has 16 aliases; at most 15 are allowed: split it into several requests.', extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: 'aliases', max: 15, found: 16 } } },
      ]);
      const deep = await post('{ users { nodes { interactions { nodes { user { interactions { nodes { item { id } } } } } } } } }');
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: 'depth', max: QUERY_LIMITS.depth } } });
      expect(deep.body.errors?.[0]?.message).toMatch(/^The query has \d+ levels of nesting; at most 8 are allowed: ask for fewer nested fields\.$/);
    });

    it('counts a fragment as the fields it holds, not as levels of its own (clients spread fragments freely)', async () => {
      // Six levels of fields through three nested spreads: within the limit (unflattened, each spread added two).
      const fragments = 'fragment Page on UserConnection { nodes { ...Person } } fragment Person on User { interactions { ...Events } } fragment Events on InteractionConnection { nodes { item { id } } }';
      const spread = await post(`{ users { ...Page } } ${fragments}`);
      expect(spread.body.errors?.map((e) => e.extensions?.code)).not.toContain('QUERY_LIMIT_EXCEEDED');
      // The deep query above, written with the same fragments, is still too deep.
      const deep = await post(`{ users { nodes { interactions { nodes { user { interactions { ...Events } } } } } } } ${fragments.replace(/^fragment Page.*?(?=fragment Events)/, '')}`);
      expect(deep.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED', details: { limit: 'depth', max: QUERY_LIMITS.depth, found: 9 } } });
    });

    it('an operation the schema cannot execute (a subscription; a mutation while there is no Mutation type) is a coded 400', async () => {
      watchLog();
      const subscription = await post('subscription { __typename }');
      expect(subscription.status).toBe(400);
      expect(subscription.body.errors).toEqual([expect.objectContaining({ message: 'Subscriptions are not served: this API answers queries and mutations over HTTP only.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
      // Valid either way: the schema may have gained a Mutation type.
      const mutation = await post('mutation { __typename }');
      if (mutation.status === 200) expect(mutation.body).toEqual({ data: { __typename: 'Mutation' } });
      else expect(mutation).toMatchObject({ status: 400, body: { errors: [{ message: 'This API has no mutation operations: its schema defines no Mutation type.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } });
      expect(loggedErrors).not.toHaveBeenCalled();
    });
  });

  it('answers a refused upload with its message even while the client is still sending the file (never a reset connection)', async () => {
    // A forged multipart request (no preflight header) is refused before its body is read; the client, still
    // writing the file, must read the 400. (The EPIPE seen in CI on such a request came from reusing an idle
    // connection the server had just closed: the keep-alive test below.)
    const form = () => {
      const data = new FormData();
      data.append('operations', JSON.stringify({ query: 'mutation ($image: Upload) { x(image: $image) }', variables: { image: null } }));
      data.append('map', '{"0":["variables.image"]}');
      data.append('0', new Blob([new Uint8Array(8 * 1024 * 1024)], { type: 'image/png' }), 'poster.png');
      return data;
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${api.base}/graphql`, { method: 'POST', body: form() });
      expect(response.status).toBe(400);
      expect(((await response.json()) as GraphQLBody).errors?.[0]?.message).toMatch(/must carry a non-empty apollo-require-preflight or x-apollo-operation-name header/);
    }
  });

  it('keeps an idle keep-alive connection open longer than clients and load balancers keep theirs, and says so', async () => {
    // Node's default closes an idle connection after 6 s; a client that reuses it just then gets a broken pipe
    // instead of an answer (seen in CI: a pooled socket idled through a long upload on another one). This socket
    // idles past that and must still be answered, and the hint clients size their pools by must say 65 s.
    const socket = net.connect(Number(new URL(api.base).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    // Each answer is chunked: it ends with the zero-length chunk.
    const ask = async () => {
      received = '';
      socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await vi.waitFor(() => expect(received).toMatch(/\r\n0\r\n\r\n$/), { timeout: 5_000 });
      return received;
    };
    try {
      expect(await ask()).toMatch(new RegExp(`^HTTP/1.1 200[^]*\r\nkeep-alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}\r\n`, 'i'));
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(socket.destroyed).toBe(false);
      expect(await ask()).toMatch(/^HTTP\/1.1 200/);
    } finally {
      socket.destroy();
    }
  }, 20_000);

  it('shows a browser an offline landing page that references nothing outside this server', async () => {
    const response = await fetch(`${api.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Fewshot GraphQL API</title>');
    expect(html).not.toMatch(/https?:\/\/|["'(]\/\/|apollographql|cdn/i);
  });
});

describe('rate limits over HTTP, in process', () => {
  it('says where a request stands, and refuses one over its limit with 429 before reading its body (an upload still being sent)', async () => {
    const verdict = (allowed: boolean) => ({ allowed, limit: 600, remaining: allowed ? 599 : 0, resetSeconds: 17, caller: 'ANONYMOUS' as const, scope: 'address' as const, windowSeconds: 60 });
    const api = await listen([], async (req) => (req.headers['x-test'] === 'over' ? verdict(false) : req.headers['x-test'] === 'none' ? null : verdict(true)));
    try {
      const counted = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(counted.status).toBe(200);
      expect(Object.fromEntries(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'retry-after'].map((name) => [name, counted.headers.get(name)]))).toEqual({
        'ratelimit-limit': '600', 'ratelimit-remaining': '599', 'ratelimit-reset': '17', 'ratelimit-policy': '600;w=60', 'retry-after': null,
      });
      const uncounted = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test': 'none' }, body: '{"query":"{ __typename }"}' });
      expect([uncounted.status, uncounted.headers.get('ratelimit-limit')]).toEqual([200, null]);
      const data = new FormData();
      data.append('operations', JSON.stringify({ query: 'mutation ($image: Upload) { x(image: $image) }', variables: { image: null } }));
      data.append('map', '{"0":["variables.image"]}');
      data.append('0', new Blob([new Uint8Array(8 * 1024 * 1024)], { type: 'image/png' }), 'poster.png');
      const refused = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'x-test': 'over', 'apollo-require-preflight': 'true' }, body: data });
      expect([refused.status, refused.headers.get('retry-after'), refused.headers.get('connection')]).toEqual([429, '17', 'close']);
      expect(((await refused.json()) as GraphQLBody).errors).toEqual([{
        message: 'Too many requests: one address without a valid API key may make 600 a minute; try again in 17 s.',
        extensions: { code: 'RATE_LIMITED', details: { limit: 600, windowSeconds: 60, retryAfterSeconds: 17, per: 'address' } },
      }]);
    } finally {
      await api.close();
    }
  });
});

describe('item images over their rate limit, in process', () => {
  it('counts images without a key per address and refuses the one over with 429, the image unread; a key\'s images count as its requests', async () => {
    const limits = new RateLimits({ perMinute: { FRONTEND: 600, MERCHANDISER: 1, ADMIN: 0, ANONYMOUS: 120, IMAGES: 2 }, trustedProxies: 0 });
    const merchandiser = { keyId: 5, role: 'MERCHANDISER' as const, name: 'feeds', rateLimitPerMinute: null };
    let served = 0;
    const api = await listen([], undefined, {
      imageRateLimit: async (req) => {
        const auth = req.headers.authorization === 'Bearer feeds' ? merchandiser : null;
        return { verdict: await limits.checkImage(req, auth), auth };
      },
      serveItemImage: async (_req, res) => {
        served++;
        res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      },
    });
    try {
      const image = (headers: Record<string, string> = {}) => fetch(`${api.base}/images/items/m1`, { headers });
      const answers = [await image(), await image(), await image()];
      expect(answers.map((answer) => [answer.status, answer.headers.get('ratelimit-remaining')])).toEqual([[200, '1'], [200, '0'], [429, '0']]);
      expect([answers[2]!.headers.get('retry-after') !== null, answers[2]!.headers.get('connection')]).toEqual([true, 'close']);
      expect(((await answers[2]!.json()) as GraphQLBody).errors).toEqual([{
        message: expect.stringMatching(/^Too many requests: one address asking for item images without an API key may make 2 a minute; try again in \d+ s\.$/),
        extensions: { code: 'RATE_LIMITED', details: { limit: 2, windowSeconds: 60, retryAfterSeconds: expect.any(Number), per: 'address' } },
      }]);
      expect(served).toBe(2);
      // A merchandiser's key: its own budget (1 a minute), the message naming the key.
      expect((await image({ authorization: 'Bearer feeds' })).status).toBe(200);
      const overKey = await image({ authorization: 'Bearer feeds' });
      expect(overKey.status).toBe(429);
      expect(((await overKey.json()) as GraphQLBody).errors?.[0]?.message).toMatch(/^Too many requests: a merchandiser key \(the key "feeds", id 5\) may make 1 a minute/);
      expect(served).toBe(3);
    } finally {
      await api.close();
    }
  });
});

describe('ServableOperationsRule', () => {
  it('refuses mutations on a schema without a Mutation type, and subscriptions always', () => {
    const queryOnly = buildSchema('type Query { a: Int }');
    const withEverything = buildSchema('type Query { a: Int } type Mutation { b: Int } type Subscription { c: Int }');
    const messages = (schema: typeof queryOnly, source: string) => validate(schema, parse(source), [ServableOperationsRule]).map((error) => error.message);
    expect(messages(queryOnly, 'mutation { __typename }')).toEqual(['This API has no mutation operations: its schema defines no Mutation type.']);
    expect(messages(queryOnly, '{ a }')).toEqual([]);
    expect(messages(withEverything, 'mutation { b }')).toEqual([]);
    expect(messages(withEverything, 'subscription { c }')).toEqual(['Subscriptions are not served: this API answers queries and mutations over HTTP only.']);
  });
});

describe('CORS', () => {
  const allowed = 'https://shop.example';
  let api: Awaited<ReturnType<typeof listen>>;
  let sameOriginOnly: Awaited<ReturnType<typeof listen>>;

  function preflight(base: string, origin: string) {
    return fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key' },
    });
  }
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

  beforeAll(async () => {
    api = await listen([allowed, 'http://localhost:5173']);
    sameOriginOnly = await listen();
  });
  afterAll(async () => {
    await api?.close();
    await sameOriginOnly?.close();
  });

  it('answers a preflight from an allowed origin with the methods and headers a frontend needs', async () => {
    const response = await preflight(api.base, allowed);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight']));
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('lets an allowed origin read the response of its request', async () => {
    const response = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { origin: allowed, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  describe('EXPECTED FAILURE', () => {
    it('gives a disallowed origin no CORS header at all, on the preflight (403, with the reason) and on a request', async () => {
      const refused = await preflight(api.base, 'https://evil.example');
      expect(refused.status).toBe(403);
      expect(corsHeaders(refused)).toEqual([]);
      expect(JSON.stringify(await refused.json())).toContain('FEWSHOT_CORS_ORIGINS');
      const request = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(corsHeaders(request)).toEqual([]);
      // An origin is scheme, host and port: the same host on another port or scheme is another origin.
      expect(corsHeaders(await preflight(api.base, 'http://shop.example'))).toEqual([]);
    });

    it('allows no other origin by default', async () => {
      const refused = await preflight(sameOriginOnly.base, allowed);
      expect(refused.status).toBe(403);
      expect(corsHeaders(refused)).toEqual([]);
    });
  });

  it('reads FEWSHOT_CORS_ORIGINS as origins, normalised, and refuses anything else by name', () => {
    expect(readEnv({ FEWSHOT_CORS_ORIGINS: 'https://Shop.Example:443, http://localhost:5173 ,*' }).FEWSHOT_CORS_ORIGINS).toEqual(['https://shop.example', 'http://localhost:5173', '*']);
    expect(readEnv({}).FEWSHOT_CORS_ORIGINS).toEqual([]);
    expect(() => readEnv({ FEWSHOT_CORS_ORIGINS: 'https://shop.example/app,shop.example' })).toThrow(/"https:\/\/shop.example\/app" is not an origin[\s\S]*"shop.example" is not an origin/);
  });
});
