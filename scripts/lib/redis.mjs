// Redis for the platform: REDIS_URL when set, else a redis-server of our own with persistence in the data folder.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { log, redisPing, waitFor, which } from './run.mjs';

export async function ensureRedis(dataDir) {
  if (process.env.REDIS_URL) {
    if (!(await redisPing(process.env.REDIS_URL))) {
      throw new Error(`REDIS_URL is set to ${process.env.REDIS_URL} but no Redis answers there. Start it, or unset REDIS_URL to let Fewshot start its own.`);
    }
    log(`using Redis at ${process.env.REDIS_URL}`);
    return { url: process.env.REDIS_URL, child: null };
  }
  const port = Number(process.env.FEWSHOT_REDIS_PORT ?? 6390);
  const url = `redis://127.0.0.1:${port}`;
  if (await redisPing(url)) {
    log(`using the Redis already running at ${url}`);
    return { url, child: null };
  }
  const binary = await which('redis-server');
  if (!binary) {
    throw new Error(
      'Fewshot needs Redis for its job queue, and none was found. Either set REDIS_URL to a running Redis, or install ' +
        'redis-server (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) and run npm start again.',
    );
  }
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  // Append-only file persistence in the data folder: queued jobs survive a restart.
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--logfile', path.join(dir, 'redis.log')], {
    stdio: 'ignore',
    detached: true,
  });
  await waitFor(() => redisPing(url), { timeoutMs: 15_000, what: `redis-server on port ${port} (log: ${path.join(dir, 'redis.log')})` });
  log(`started redis-server at ${url} (data in ${dir})`);
  return { url, child };
}
