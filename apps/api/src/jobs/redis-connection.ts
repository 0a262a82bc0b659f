import { Redis } from 'ioredis';

/**
 * A connection for BullMQ. `maxRetriesPerRequest: null` is what BullMQ's blocking commands need; the connection keeps
 * reconnecting while Redis is away (a restart loses no queued job when Redis persists them), so the api keeps serving.
 */
export function openRedis(url: string, name: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
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
