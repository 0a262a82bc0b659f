import { Redis } from 'ioredis';

/**
 * A connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ's blocking commands (workers, queue events)
 * need; the connection keeps reconnecting while Redis is away (a restart loses no queued job when Redis persists them),
 * so the api keeps serving. A `producer` connection (the api's queues) fails commands at once while Redis is away
 * instead of holding them: a request that was refused must not be carried out later when Redis returns. With
 * `commandTimeoutMs`, a command Redis has not answered by then fails (for what must not wait on a slow Redis).
 */
export function openRedis(url: string, name: string, { producer = false, commandTimeoutMs }: { producer?: boolean; commandTimeoutMs?: number } = {}): Redis {
  const timeout = commandTimeoutMs === undefined ? {} : { commandTimeout: commandTimeoutMs };
  const redis = new Redis(url, producer ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: name, ...timeout } : { maxRetriesPerRequest: null, connectionName: name, ...timeout });
  // An error event without a listener would crash the process; reconnecting is ioredis' own job.
  let lastLogged = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    console.error(`fewshot: Redis (${name}) at ${redactUrl(url)}: ${error.message}`);
  });
  return redis;
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}
