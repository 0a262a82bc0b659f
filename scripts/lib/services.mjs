// The real services the test suite talks to: PostgreSQL, Redis and Chromium. Start or install what is missing;
// say loudly what cannot be had.
import { existsSync, readdirSync } from 'node:fs';
import { log, redisPing, run, waitFor, warnLoudly, which } from './run.mjs';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';
export const CHROMIUM = process.env.FEWSHOT_CHROMIUM ?? '/usr/bin/chromium';

async function postgresAnswers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function ensurePostgres() {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  if (await postgresAnswers(url)) return log(`PostgreSQL answers at ${url}`);
  const local = ['127.0.0.1', 'localhost'].includes(new URL(url).hostname);
  if (local && existsSync('/etc/postgresql') && (await which('pg_ctlcluster'))) {
    for (const version of readdirSync('/etc/postgresql')) {
      log(`starting the local PostgreSQL ${version} cluster…`);
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']).catch(() => {});
    }
    try {
      await waitFor(() => postgresAnswers(url), { timeoutMs: 20_000, what: 'PostgreSQL' });
      return log(`PostgreSQL answers at ${url}`);
    } catch {}
  }
  warnLoudly(`PostgreSQL at ${url} is not reachable: database tests will run on PGlite only. Set TEST_DATABASE_URL or start PostgreSQL.`);
}

export async function ensureRedisForTests() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisPing(url)) return log(`Redis answers at ${url}`);
  const binary = await which('redis-server');
  if (binary && !process.env.REDIS_URL) {
    log('starting a local redis-server on 6379…');
    await run(binary, ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
    await waitFor(() => redisPing(url), { timeoutMs: 10_000, what: 'redis-server' });
    return;
  }
  warnLoudly(`Redis at ${url} is not reachable and redis-server is not installed (apt-get install redis-server): tests that need Redis will fail.`);
}

export async function ensureChromium() {
  if (existsSync(CHROMIUM)) return log(`Chromium at ${CHROMIUM}`);
  if (process.getuid?.() === 0 && (await which('apt-get'))) {
    log('installing Debian chromium for the console tests (once per machine)…');
    try {
      await run('apt-get', ['update', '-qq']);
      await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (error) {
      warnLoudly(`installing chromium failed (${error.message}): the console's browser tests will fail.`);
    }
    if (existsSync(CHROMIUM)) return;
  }
  warnLoudly(`Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set FEWSHOT_CHROMIUM; the console's browser tests will fail.`);
}
