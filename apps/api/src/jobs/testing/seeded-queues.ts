// Test support: the demo slice in a database and job queues on the real Redis, for tests of jobs as workers run them.
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { seedDemoSlice } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_REDIS_URL } from '../../cli/bench/onboarding/onboarding.ts';
import { deletePrefixKeys, redisUnreachableReason } from '../../cli/bench/onboarding/redis-prefix.ts';
import { readEnv } from '../../env.ts';
import { JobQueues } from '../job-queues.ts';

export const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;

/** Why these tests cannot run here (Redis unreachable), or null. */
export const redisSkipReason = await redisUnreachableReason(redisUrl);

export interface SeededQueues {
  db: TestDatabase;
  queues: JobQueues;
  /** The Redis key prefix these queues alone use (deleted after the tests). */
  prefix: string;
}

/**
 * Registers hooks that seed the demo slice into a fresh embedded database and open queues under a prefix of their
 * own before the enclosing describe block's tests, and close both after; `cleanup` runs first (workers to stop).
 */
export function seededQueues(name: string, cleanup?: () => Promise<void>): SeededQueues {
  const fixture = { prefix: `fewshot-${name}-test-${process.pid}-${Date.now()}` } as SeededQueues;
  beforeAll(async () => {
    const [target] = await testDatabaseTargets();
    fixture.db = await target!.create();
    await seedDemoSlice(fixture.db);
    fixture.queues = new JobQueues({ redisUrl, prefix: fixture.prefix });
    await fixture.queues.queue('train').waitUntilReady();
  });
  afterAll(async () => {
    await cleanup?.();
    await fixture.queues?.close();
    await fixture.db?.dispose();
    if (!redisSkipReason) await deletePrefixKeys(redisUrl, fixture.prefix);
  });
  return fixture;
}
