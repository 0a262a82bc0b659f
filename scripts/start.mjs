// `npm start`: brings the whole platform up on embedded defaults (PGlite, a local Redis) on a fresh clone.
// Installs what is missing, generates the Prisma client, builds, starts Redis, the api and the console.
// Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { claimInstance } from './lib/instance.mjs';
import { prepare } from './lib/prepare.mjs';
import { ensureRedis } from './lib/redis.mjs';
import { log, root, waitFor } from './lib/run.mjs';

const dataDir = path.resolve(process.env.FEWSHOT_DATA_DIR ?? path.join(root, 'data'));
const apiPort = Number(process.env.FEWSHOT_API_PORT ?? 4000);
const consolePort = Number(process.env.FEWSHOT_CONSOLE_PORT ?? 3000);
const host = process.env.FEWSHOT_HOST ?? '127.0.0.1';
const children = [];
let stopping = false;
let releaseInstance = () => {};

function startChild(name, command, args, options) {
  // Own process group, so stopping reaches the whole tree (npx, next's workers).
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], detached: true, ...options });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[fewshot] ${name} exited unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
      void stop(1);
    }
  });
  return child;
}

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const { child } of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    }
  }
  const deadline = Date.now() + 10_000;
  while (children.some(({ child }) => child.exitCode === null && child.signalCode === null) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const { child } of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  releaseInstance();
  log('stopped.');
  process.exit(exitCode);
}

/**
 * The token /metrics asks for: FEWSHOT_METRICS_TOKEN where set, else one kept in the data folder (made on the first
 * start, readable by its owner only), like the console's key.
 */
function metricsToken() {
  if (process.env.FEWSHOT_METRICS_TOKEN) return { token: process.env.FEWSHOT_METRICS_TOKEN, from: 'FEWSHOT_METRICS_TOKEN' };
  const file = path.join(dataDir, 'metrics-token');
  try {
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (error?.code !== 'EEXIST') throw error;
  }
  return { token: readFileSync(file, 'utf8').trim(), from: `the token in ${file}` };
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  // Before anything starts: a second npm start names the running one (pid, ports) instead of failing halfway.
  releaseInstance = await claimInstance({ dataDir, host, apiPort, consolePort });
  await prepare();
  const redis = await ensureRedis(dataDir);
  if (redis.child) children.push({ name: 'redis-server', child: redis.child });
  // The api keeps an admin key for the console in this file (apps/api/src/auth/console-key.ts) before it answers /health.
  const consoleKeyFile = path.join(dataDir, 'console-api-key');
  const metrics = metricsToken();
  const env = { ...process.env, FEWSHOT_DATA_DIR: dataDir, REDIS_URL: redis.url, PORT: String(apiPort), HOST: host, FEWSHOT_CONSOLE_KEY_FILE: consoleKeyFile, FEWSHOT_METRICS_TOKEN: metrics.token };
  startChild('api', process.execPath, ['--import', 'tsx', path.join('apps', 'api', 'src', 'index.ts')], { env });
  const apiUrl = `http://${host}:${apiPort}`;
  await waitFor(async () => (await fetch(`${apiUrl}/health`).catch(() => null))?.ok === true, { timeoutMs: 180_000, what: `the api at ${apiUrl}/health` });
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  startChild('console', process.execPath, [nextBin, 'start', '--port', String(consolePort), '--hostname', host], {
    cwd: path.join(root, 'apps', 'console'),
    // The console listens on loopback: its sign-in page may offer this machine's admin key.
    env: { ...process.env, FEWSHOT_API_URL: `${apiUrl}/graphql`, FEWSHOT_API_KEY: readFileSync(consoleKeyFile, 'utf8').trim(), FEWSHOT_CONSOLE_LOCAL_ADMIN: host === '127.0.0.1' || host === 'localhost' ? 'on' : 'off', NEXT_TELEMETRY_DISABLED: '1', PORT: String(consolePort) },
  });
  const consoleUrl = `http://${host}:${consolePort}`;
  await waitFor(async () => (await fetch(consoleUrl).catch(() => null)) !== null, { timeoutMs: 60_000, what: `the console at ${consoleUrl}` });
  log(`Fewshot is up.\n  console:  ${consoleUrl}\n  GraphQL:  ${apiUrl}/graphql\n  health:   ${apiUrl}/health\n  metrics:  ${apiUrl}/metrics (Prometheus; Authorization: Bearer <${metrics.from}>)\n  data:     ${dataDir}\nCtrl-C stops everything.`);
} catch (error) {
  console.error(`[fewshot] could not start: ${error instanceof Error ? error.message : error}`);
  await stop(1);
}
