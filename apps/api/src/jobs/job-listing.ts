import type { Queue, JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import { MAX_PAGE_SIZE } from '../services/pagination.ts';
import type { QueueName } from './queues.ts';

/**
 * The furthest a page of jobs may start. BullMQ keeps no index across queues and states, so a page is cut from the
 * whole list (see listJobIds); the bound keeps a crafted cursor from making every request read all of Redis.
 */
export const MAX_JOB_OFFSET = 10_000;

/** Ids read per queue and state: every page up to the bound. Retention keeps finished ones far below (1,000). */
const SCAN_DEPTH = MAX_JOB_OFFSET + MAX_PAGE_SIZE + 1;

export interface ListedJobId {
  queue: QueueName;
  id: string;
  /** When the job was created (ms): BullMQ's `timestamp`. */
  timestamp: number;
}

/**
 * Newest first; at the same millisecond by queue, then by id, newest (numerically highest) first, so every request
 * orders the same jobs the same way and pages neither overlap nor leave gaps.
 */
export function newestFirst(a: ListedJobId, b: ListedJobId): number {
  return b.timestamp - a.timestamp || a.queue.localeCompare(b.queue) || b.id.localeCompare(a.id, 'en', { numeric: true });
}

/**
 * Every job id of the given queues and states with its creation time, newest first. BullMQ orders each state its own
 * way (completed and failed by when they finished, waiting by when they were queued last), so the pages of one
 * state's list cut by position and merged would miss and repeat jobs: the ids are read whole (they are small), their
 * times in one pipelined round trip, and sorted here. Only the jobs of a page are then read in full.
 */
export async function listJobIds(redis: Redis, queues: ReadonlyArray<{ name: QueueName; queue: Queue }>, states: readonly JobType[]): Promise<ListedJobId[]> {
  const ids = (await Promise.all(queues.map(async ({ name, queue }) => (await queue.getRanges([...states], 0, SCAN_DEPTH - 1, false)).map((id) => ({ name, queue, id }))))).flat();
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const { queue, id } of ids) pipeline.hget(queue.toKey(id), 'timestamp');
  const answers = (await pipeline.exec()) ?? [];
  const listed: ListedJobId[] = [];
  ids.forEach(({ name, id }, index) => {
    const [error, value] = answers[index] ?? [new Error('no answer'), null];
    if (error) throw error;
    // Gone since its id was read (removed, or expired by retention), or one of BullMQ's markers: not a job.
    const timestamp = Number(value);
    if (value === null || !Number.isFinite(timestamp)) return;
    listed.push({ queue: name, id, timestamp });
  });
  return listed.sort(newestFirst);
}
