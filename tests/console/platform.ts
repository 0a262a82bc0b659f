import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';
import type { TestDatabase } from '@fewshot/db/testing';
import { computeFeatures } from '@fewshot/pipeline/features';
import { addLateItems, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { launchChromium } from '../support/browser.ts';
import { postGraphQL } from '../support/graphql.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

/**
 * One running platform for every console test (tests/console/console.test.ts starts it once): a fresh PostgreSQL
 * database with the demo slice and its real use-lite text vectors, a tiny model version (ACTIVE) and a second one
 * (READY), the api with its job workers on a real Redis, the built console (`next start`), keys per role, and
 * Debian's Chromium.
 */
export interface ConsolePlatform {
  db: TestDatabase;
  apiUrl: string;
  consoleUrl: string;
  keys: { admin: string; merchandiser: string; frontend: string };
  versions: { active: number; ready: number };
  browser: Browser;
  output(): string;
}

let current: ConsolePlatform | null = null;
const processes: Started[] = [];

/** The running platform (inside tests, after console.test.ts' beforeAll). */
export function platform(): ConsolePlatform {
  if (!current) throw new Error('the console platform is not started (run the tests through tests/console/console.test.ts)');
  return current;
}

export async function startConsolePlatform(db: TestDatabase, redisUrl: string): Promise<ConsolePlatform> {
  await seedDemoSlice(db);
  // Items that arrive after everything else: the versions' splits then have new items, so their evaluation replays
  // new-item slots (the version page's chart of them).
  await addLateItems(db);
  await computeFeatures({ sql: db.sql, specs: [{ kind: 'use-lite' }] });
  await db.sql.query(`DELETE FROM item_features WHERE encoder = 'synthetic'`);
  const active = (await trainTinyVersion(db, 'tiny (active)')).versionId;
  const ready = (await trainTinyVersion(db, 'tiny (candidate)')).versionId;
  await db.sql.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now() WHERE id = $1`, [active]);
  const [apiPort, consolePort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  processes.push(startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], {
    DATABASE_URL: db.url!, PORT: String(apiPort), REDIS_URL: redisUrl, FEWSHOT_QUEUE_PREFIX: `fewshot-console-test-${process.pid}-${Date.now()}`,
    FEWSHOT_WORKERS: 'embedded', FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '500', FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS: '127.0.0.1',
    // One image a minute without a key: every thumbnail a page shows would be refused unless the console's image
    // proxy sends the signed-in person's key (an admin's images are not counted).
    FEWSHOT_RATE_LIMIT_IMAGES: '1',
    // Lists without default new-item slots (the api's default, one within the top 50, is tested over HTTP in
    // tests/api): these pages show what slots would do, and trials of them, against lists that have none.
    FEWSHOT_NEW_ITEM_SLOTS: '0',
    FEWSHOT_NEW_ITEM_WITHIN: '0',
  }));
  const [admin, merchandiser, frontend] = await Promise.all((['admin', 'merchandiser', 'frontend'] as const).map((role) => createApiKeyWithCli(role, { DATABASE_URL: db.url! }, `${role} person`)));
  const nextBin = path.join(repositoryRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  processes.push(startProcess(process.execPath, [nextBin, 'start', path.join(repositoryRoot, 'apps', 'console'), '--port', String(consolePort), '--hostname', '127.0.0.1'], {
    FEWSHOT_API_URL: apiUrl, FEWSHOT_API_KEY: admin!, FEWSHOT_CONSOLE_SECRET: randomBytes(16).toString('hex'), NEXT_TELEMETRY_DISABLED: '1',
  }));
  const output = () => processes.map((p) => p.output()).join('\n--- next process ---\n');
  await waitUntil(async () => (await fetch(apiUrl.replace('/graphql', '/health'))).ok, 120_000, 'the api', output);
  await waitUntil(async () => (await fetch(`${consoleUrl}/sign-in`)).ok, 120_000, 'the console (is it built? npm run build -w @fewshot/console)', output);
  await waitUntil(async () => (await postGraphQL<{ serving: { modelVersion: { id: string } | null } }>(apiUrl, '{ serving { modelVersion { id } } }', {}, admin)).data?.serving.modelVersion?.id === String(active), 60_000, 'the api to serve the active version', output);
  current = { db, apiUrl, consoleUrl, keys: { admin: admin!, merchandiser: merchandiser!, frontend: frontend! }, versions: { active, ready }, browser: await launchChromium(), output };
  return current;
}

export async function stopConsolePlatform(): Promise<void> {
  await current?.browser.close().catch(() => undefined);
  await Promise.all(processes.map((p) => p.stop('SIGTERM')));
  current = null;
}

/** Widths every page must work at (issue #11: from 400 px to wide screens). */
export const WIDTHS = { wide: { width: 1280, height: 900 }, narrow: { width: 400, height: 860 } } as const;

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far (every page must render without any). */
  errors: string[];
  close(): Promise<void>;
}

/** A browser page signed in with `key` (through the sign-in form, as a person would), collecting console errors. */
export async function signedInPage(key: string, viewport: { width: number; height: number } = WIDTHS.wide): Promise<ConsolePage> {
  const { browser, consoleUrl } = platform();
  const context = await browser.newContext({ viewport, baseURL: consoleUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // With the resource's address: "Failed to load resource" alone does not say which one.
    const where = message.location().url;
    errors.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.goto('/sign-in');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return { page, context, errors, close: () => context.close() };
}

/** Saves a screenshot under test-output/console (git-ignored), to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(repositoryRoot, 'test-output', 'console');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
