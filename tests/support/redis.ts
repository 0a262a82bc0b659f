import { existsSync } from 'node:fs';
import net from 'node:net';
import { startProcess, waitUntil, type Started } from './processes.ts';

/** Debian's Redis server (apt-get install redis-server); the suites that need one skip without it. */
export const REDIS_SERVER_PATH = '/usr/bin/redis-server';

/** Null when a Redis server can be started here, else why not (for a suite's skip message). */
export function redisUnavailableReason(): string | null {
  return existsSync(REDIS_SERVER_PATH) ? null : `${REDIS_SERVER_PATH} is missing (apt-get install redis-server)`;
}

export interface StartedRedis extends Started {
  url: string;
}

/**
 * A Redis server of the test's own on `port`, persisting every write to an append-only file in `dir` (fsync on each
 * write, no RDB snapshots), so stopping it and starting it again on the same port and dir keeps every queued job.
 * Resolves once it accepts connections.
 */
export async function startRedis(port: number, dir: string): Promise<StartedRedis> {
  const server = startProcess(REDIS_SERVER_PATH, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--loglevel', 'notice'], {});
  await waitUntil(async () => server.output().includes('Ready to accept connections') || server.child.exitCode !== null, 20_000, `redis-server on port ${port}`, server.output);
  if (server.child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${server.child.exitCode}):\n${server.output()}`);
  return Object.assign(server, { url: `redis://127.0.0.1:${port}` });
}

// eslint-disable-next-line no-restricted-properties -- the Redis the test machine offers, as the api would read it
export const MACHINE_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at the URL (a raw RESP exchange: the tests need no client library for that). */
export function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(2000, () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.on('error', () => done(false));
  });
}
