import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { postGraphQL } from '../support/graphql.ts';
import { scrape } from '../support/prometheus.ts';
import { freePort, isListening, startProcess, waitUntil, type Started } from '../support/processes.ts';

/** npm start's console listens on loopback, so its sign-in page offers the machine's own admin key: take it. */
async function signInWithMachineKey(page: Page): Promise<void> {
  await page.getByRole('button', { name: "Use this machine's admin key" }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/**
 * The README's start command on a fresh data folder: it must bring up Redis, the api and the console on embedded
 * defaults with the demo catalog imported, and Ctrl-C must stop everything it started.
 */
describe('npm start on embedded defaults', () => {
  let platform: Started;
  let browser: Browser | undefined;
  const ports = { api: 0, console: 0, redis: 0 };
  let graphqlUrl = '';
  let consoleUrl = '';
  let dataDir = '';
  /** The admin key npm start made for the console, kept in the data folder. */
  let consoleKey = '';

  beforeAll(async () => {
    ports.api = await freePort();
    ports.console = await freePort();
    ports.redis = await freePort();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-start-'));
    const env: Record<string, string> = {
      FEWSHOT_DATA_DIR: dataDir,
      FEWSHOT_API_PORT: String(ports.api),
      FEWSHOT_CONSOLE_PORT: String(ports.console),
      FEWSHOT_REDIS_PORT: String(ports.redis),
    };
    // Embedded defaults: no database URL and no Redis URL, so the command starts its own.
    for (const key of ['DATABASE_URL', 'REDIS_URL']) env[key] = '';
    platform = startProcess('npm', ['start'], env);
    graphqlUrl = `http://127.0.0.1:${ports.api}/graphql`;
    consoleUrl = `http://127.0.0.1:${ports.console}`;
    await waitUntil(async () => (await fetch(consoleUrl)).ok, 240_000, 'the console', platform.output);
    await waitUntil(async () => ((await (await fetch(`http://127.0.0.1:${ports.api}/health`)).json()) as { seeding: boolean }).seeding === false, 120_000, 'the demo catalog import', platform.output);
    consoleKey = readFileSync(path.join(dataDir, 'console-api-key'), 'utf8').trim();
  });

  afterAll(async () => {
    await browser?.close();
    // Ctrl-C first: npm start runs the api, the console and Redis in process groups of their own, which a SIGKILL of
    // its group would leave running (an api training the demo catalog for half an hour) when a test failed or was
    // filtered out before the Ctrl-C test. SIGKILL only if it has not stopped by then.
    const stopped = await Promise.race([platform?.stop('SIGINT'), new Promise((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    if (stopped === 'timeout') await platform?.stop('SIGKILL');
  });

  it('answers GraphQL over HTTP with the demo catalog', async () => {
    const result = await postGraphQL<{ health: { database: string; catalog: Record<string, number> }; items: { totalCount: number }; item: { title: string; year: number }; user: { interactions: { totalCount: number } } }>(
      graphqlUrl,
      '{ health { database catalog { users items interactions } } items(first: 1) { totalCount } item(id: "1") { title year } user(id: "1") { interactions(first: 1) { totalCount } } }',
      undefined,
      consoleKey,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      health: { database: 'pglite', catalog: { users: 671, items: 9066, interactions: 100_004 } },
      items: { totalCount: 9066 },
      item: { title: 'Toy Story', year: 1995 },
      user: { interactions: { totalCount: 20 } },
    });
  });

  it('keeps an admin key for the console in the data folder, readable by its owner only, and refuses requests without a key', async () => {
    expect(statSync(path.join(dataDir, 'console-api-key')).mode & 0o777).toBe(0o600);
    const keys = await postGraphQL<{ apiKeys: Array<{ name: string; role: string }> }>(graphqlUrl, '{ apiKeys { name role } }', undefined, consoleKey);
    expect(keys.data?.apiKeys).toEqual([{ name: 'console (npm start)', role: 'ADMIN' }]);
    const anonymous = await postGraphQL(graphqlUrl, '{ items(first: 1) { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves Prometheus metrics with a token it keeps in the data folder, and says where', async () => {
    const file = path.join(dataDir, 'metrics-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(platform.output()).toContain(`metrics:  http://127.0.0.1:${ports.api}/metrics (Prometheus; Authorization: Bearer <the token in ${file}>)`);
    const { status, samples } = await scrape(`http://127.0.0.1:${ports.api}/metrics`, readFileSync(file, 'utf8').trim());
    expect(status).toBe(200);
    expect(samples.value('fewshot_graphql_operations_total', { field: 'apiKeys', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(samples.value('fewshot_job_queues_up')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${ports.api}/metrics`, { headers: { authorization: `Bearer ${consoleKey}` } })).status).toBe(401);
  });

  it('shows the catalog in the console, in a real browser, after signing in with this machine\'s admin key, and a user with their history', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(consoleUrl);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signInWithMachineKey(page);
    expect(await page.getByTestId('stat-items').textContent()).toBe('9,066');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Items', exact: true }).click();
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(50);
    expect(await page.getByTestId('item-row').first().textContent()).toContain('Toy Story');
    const toyStories = await postGraphQL<{ items: { totalCount: number } }>(graphqlUrl, '{ items(search: "toy story") { totalCount } }', undefined, consoleKey);
    await page.getByLabel('Title contains').fill('toy story');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(toyStories.data?.items.totalCount);
    expect((await page.getByTestId('item-row').allTextContents()).every((text) => /toy story/i.test(text))).toBe(true);
    expect(toyStories.data?.items.totalCount).toBeGreaterThanOrEqual(3);
    // No version is trained yet: every user gets the same counted list, and the item's page says so instead of whom
    // Toy Story reaches.
    await page.goto(`${consoleUrl}/items/1`);
    const reach = page.getByRole('status').filter({ hasText: 'Not ranked for anyone' });
    expect(await reach.textContent()).toMatch(/No model version is active: every user gets the same counted list/);
    await page.goto(`${consoleUrl}/users/1`);
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(20);
    await page.screenshot({ path: path.join(os.tmpdir(), 'fewshot-console-user.png') });
  });

  it('says on the overview and the models page that the first training is on its way, so nobody starts a second one', async () => {
    browser ??= await launchChromium();
    const context = await browser.newContext({ baseURL: consoleUrl });
    try {
      const page = await context.newPage();
      await page.goto('/sign-in');
      await signInWithMachineKey(page);
      // Training the demo catalog takes many minutes on these cores: the first start's features job, then its training,
      // is under way for the whole of this test. Which of the two depends on how far the features are.
      const jobs = await postGraphQL<{ jobs: { nodes: Array<{ id: string; state: string }> }; modelVersions: { nodes: Array<{ name: string; status: string }> } }>(
        graphqlUrl, '{ jobs(queues: [FEATURES], first: 5) { nodes { id state } } modelVersions(first: 5) { nodes { name status } } }', undefined, consoleKey);
      expect(jobs.data?.jobs.nodes.map((job) => job.id)).toContain('features:first-start');
      expect(jobs.data?.modelVersions.nodes.every((version) => version.status === 'TRAINING')).toBe(true);
      const overview = page.getByTestId('training-on-its-way');
      await overview.waitFor();
      expect(await overview.textContent()).toMatch(/A first training is on its way: it starts as soon as job features:first-start has computed the catalog's features \(.+\), and its version is promoted when it finishes|A training is running: first model \(demo catalog\) \(/);
      await page.goto('/models');
      // Either the note (features still computing) or the training's own row: never "nothing has been trained".
      await expect.poll(async () => (await page.getByTestId('training-on-its-way').count()) + (await page.getByTestId('model-versions').getByText('first model (demo catalog)').count())).toBeGreaterThan(0);
      expect(await page.locator('main').textContent()).not.toContain('Nothing has been trained on this database');
    } finally {
      await context.close();
    }
  });

  it('refuses a second npm start while this one runs, naming it (pid, ports), before starting anything', { timeout: 120_000 }, async () => {
    const run = async (env: Record<string, string>) => {
      const second = startProcess('npm', ['start'], { DATABASE_URL: '', REDIS_URL: '', FEWSHOT_REDIS_PORT: String(ports.redis), ...env });
      await waitUntil(async () => second.child.exitCode !== null || second.child.signalCode !== null, 60_000, 'the second npm start to exit', second.output);
      return { code: await second.stop(), output: second.output() };
    };
    const ownPorts = { FEWSHOT_API_PORT: String(ports.api), FEWSHOT_CONSOLE_PORT: String(ports.console) };
    const sameFolder = await run({ FEWSHOT_DATA_DIR: dataDir, ...ownPorts });
    expect(sameFolder.code).toBe(1);
    expect(sameFolder.output).toMatch(new RegExp(`Fewshot is already running from ${dataDir} \\(npm start, pid \\d+, since [^)]+\\): console http://127\\.0\\.0\\.1:${ports.console}, GraphQL http://127\\.0\\.0\\.1:${ports.api}/graphql`));
    // Another data folder on the same ports: the ports are named, and the api on them recognised.
    const otherFolder = await run({ FEWSHOT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'fewshot-start-second-')), ...ownPorts });
    expect(otherFolder.code).toBe(1);
    expect(otherFolder.output).toContain(`the api port ${ports.api} and console port ${ports.console} on 127.0.0.1 are already in use by another Fewshot`);
    for (const { output } of [sameFolder, otherFolder]) {
      expect(output).not.toContain('Fewshot is up');
      expect(output).not.toMatch(/building|redis-server|installing/);
    }
    // The first instance is untouched.
    expect((await fetch(`http://127.0.0.1:${ports.api}/health`)).ok).toBe(true);
    expect(existsSync(path.join(dataDir, 'npm-start.json'))).toBe(true);
  });

  it('stops everything it started on Ctrl-C', { timeout: 30_000 }, async () => {
    const ended = await platform.stop('SIGINT');
    // npm itself ends on the signal; the start script exits 0 after stopping its children.
    expect([0, 'SIGINT']).toContain(ended);
    await waitUntil(async () => {
      const open = await Promise.all([ports.api, ports.console, ports.redis].map((port) => isListening(port)));
      return open.every((listening) => !listening);
    }, 20_000, 'the api, the console and redis to stop', platform.output);
    expect(platform.output()).toMatch(/\[fewshot\].* stopped\./);
    expect(existsSync(path.join(dataDir, 'npm-start.json'))).toBe(false);
  });
});
