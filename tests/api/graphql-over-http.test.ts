import { serverAudits } from 'graphql-http';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = await postgresUnavailableReason();

/**
 * The api process as production runs it: PostgreSQL through DATABASE_URL, spoken to over HTTP from outside.
 */
describe.skipIf(!postgres)(`the api over HTTP on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  let api: Started;
  let base = '';
  const keys = { frontend: '', admin: '' };

  beforeAll(async () => {
    db = await postgres!.create();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The demo catalog seeds the empty database, as on a first production start.
    api = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { DATABASE_URL: db.url!, PORT: String(port), FEWSHOT_DEMO_IMAGES: '/nonexistent' });
    // Keys as an operator makes them, while the api starts.
    [keys.frontend, keys.admin] = await Promise.all([
      createApiKeyWithCli('frontend', { DATABASE_URL: db.url! }, 'web shop'),
      createApiKeyWithCli('admin', { DATABASE_URL: db.url! }, 'ops'),
    ]);
    await waitUntil(async () => {
      const health = (await (await fetch(`${base}/health`)).json()) as { seeding: boolean };
      return health.seeding === false;
    }, 180_000, 'the api to start and seed the demo catalog', api.output);
  });

  afterAll(async () => {
    await api?.stop('SIGTERM');
    await db?.dispose();
  });

  it('serves the seeded catalog from PostgreSQL', async () => {
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
    expect(health).toEqual({ status: 'ok', database: 'postgres', seeding: false, catalog: { users: 671, items: 9066, interactions: 100_004, interactionsLast24h: 0, interactionsLast7d: 0 }, serving: { source: 'popularity', modelVersion: null, provider: null, catalogItems: 0, adaptationThreads: 0, cache: expect.objectContaining({ live: true, entries: 0 }) } });
    const result = await postGraphQL(`${base}/graphql`, '{ items(first: 2, orderBy: NEWEST) { totalCount nodes { id title } } }', undefined, keys.frontend);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ items: { totalCount: 9066, nodes: [{ id: '163949', title: 'The Beatles: Eight Days a Week - The Touring Years' }, { id: '162672', title: 'Mohenjo Daro' }] } });
  });

  it('accepts a key in x-api-key too, and lists keys to an admin key only', async () => {
    const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': keys.frontend }, body: JSON.stringify({ query: '{ item(id: "1") { title } }' }) });
    expect(await response.json()).toEqual({ data: { item: { title: 'Toy Story' } } });
    const listed = await postGraphQL<{ apiKeys: Array<{ name: string; role: string }> }>(`${base}/graphql`, '{ apiKeys { name role } }', undefined, keys.admin);
    expect(listed.data?.apiKeys.map((key) => key.role).sort()).toEqual(['ADMIN', 'FRONTEND']);
  });

  it('passes the graphql-http GraphQL-over-HTTP audits with no failure and no warning (MUSTs and SHOULDs)', async () => {
    const audits = serverAudits({ url: `${base}/graphql` });
    const problems: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      // Notices are MAYs the api chooses not to do (GET with url-encoded variables, form-encoded GETs).
      if (result.status === 'error' || result.status === 'warn') problems.push(`${result.status} ${audit.name}: ${result.reason}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers a document error 400 to modern clients and 200 to clients that ask for application/json alone', async () => {
    const send = (accept?: string) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, body: JSON.stringify({ query: '{ items(' }) });
    expect((await send()).status).toBe(400);
    expect((await send('*/*')).status).toBe(400);
    expect((await send('application/graphql-response+json')).status).toBe(400);
    const legacy = await send('application/json');
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    const malformed = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
  });

  describe('EXPECTED FAILURE', () => {
    it('answers malformed JSON with 400 and a readable message', async () => {
      const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/not valid JSON/);
    });

    it('refuses a body over the size limit with 413', async () => {
      const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ health { status } } #${'x'.repeat(1_100_000)}` }) });
      expect(response.status).toBe(413);
    });

    it('refuses a query without a valid key (UNAUTHENTICATED) and an admin query to a frontend key (FORBIDDEN)', async () => {
      for (const key of [undefined, 'wrong', `fsk_${'A'.repeat(43)}`]) {
        const result = await postGraphQL(`${base}/graphql`, '{ items(first: 1) { totalCount } }', undefined, key);
        expect(result.errors?.[0]).toMatchObject({ message: expect.stringContaining('send an API key in the Authorization header: Bearer <key>'), extensions: { code: 'UNAUTHENTICATED' } });
        expect(result.data).toBeNull();
      }
      const forbidden = await postGraphQL(`${base}/graphql`, '{ apiKeys { name } }', undefined, keys.frontend);
      expect(forbidden.errors?.[0]).toMatchObject({ message: expect.stringContaining('this needs an API key with role admin'), extensions: { code: 'FORBIDDEN' } });
    });

    it('validates arguments with a code and a message', async () => {
      const result = await postGraphQL(`${base}/graphql`, '{ users(first: -5) { totalCount } }', undefined, keys.frontend);
      expect(result.errors?.[0]).toMatchObject({ message: 'first must be an integer from 1 to 100, got -5', extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('names the endpoint for an unknown path', async () => {
      const response = await fetch(`${base}/nope`);
      expect(response.status).toBe(404);
      expect(JSON.stringify(await response.json())).toMatch(/the GraphQL endpoint is \/graphql/);
    });

    it('says how to turn the metrics on where no metrics token is set', async () => {
      const response = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/^metrics are off: set FEWSHOT_METRICS_TOKEN/), extensions: { code: 'NOT_FOUND' } }] });
    });
  });
});
