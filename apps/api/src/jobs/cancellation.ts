import type { Redis } from 'ioredis';
import type { QueueName } from './queues.ts';

/**
 * Cancelling a running job reaches whichever process runs it: the api publishes on one channel that every worker
 * process subscribes to, and also leaves a short-lived key, so a job that becomes active just after the message
 * still sees it when it starts (processors check `wasCancelled` first).
 */
export interface CancelRequest {
  queue: QueueName;
  id: string;
  reason: string;
}

const KEY_TTL_SECONDS = 24 * 60 * 60;

export function cancelChannel(prefix: string): string {
  return `${prefix}:fewshot:cancel`;
}

function cancelKey(prefix: string, queue: QueueName, id: string): string {
  return `${prefix}:fewshot:cancelled:${queue}:${id}`;
}

export async function publishCancel(redis: Redis, prefix: string, request: CancelRequest): Promise<void> {
  await redis.set(cancelKey(prefix, request.queue, request.id), request.reason, 'EX', KEY_TTL_SECONDS);
  await redis.publish(cancelChannel(prefix), JSON.stringify(request));
}

/** The reason a job was cancelled before it started, or null. */
export async function wasCancelled(redis: Redis, prefix: string, queue: QueueName, id: string): Promise<string | null> {
  return redis.get(cancelKey(prefix, queue, id));
}

/** Clears a cancellation (a retried job starts afresh). */
export async function clearCancel(redis: Redis, prefix: string, queue: QueueName, id: string): Promise<void> {
  await redis.del(cancelKey(prefix, queue, id));
}

/** Calls `onCancel` for every request published from now on; `subscriber` becomes a subscriber-mode connection. */
export async function subscribeCancel(subscriber: Redis, prefix: string, onCancel: (request: CancelRequest) => void): Promise<void> {
  const channel = cancelChannel(prefix);
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      const request = JSON.parse(message) as CancelRequest;
      if (typeof request.id === 'string' && typeof request.queue === 'string') onCancel(request);
    } catch {
      // Not ours: ignore.
    }
  });
  await subscriber.subscribe(channel);
}
