import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefixKeys } from '../cli/bench/onboarding/redis-prefix.ts';
import { JobQueues } from '../jobs/job-queues.ts';
import { redisSkipReason, redisUrl } from '../jobs/testing/seeded-queues.ts';
import { createServing, type Serving } from '../serving/serving-state.ts';
import { ApiMetrics } from './api-metrics.ts';

const [target] = await testDatabaseTargets();
const settings = { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 8, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_RESULT_CACHE: 100 };

/** The value of one sample of the registry, by metric name and labels (a histogram's `_count` and `_sum` too). */
async function sample(metrics: ApiMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    for (const value of metric.values) {
      const sampleName = 'metricName' in value && value.metricName ? value.metricName : metric.name;
      if (sampleName === name && Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected)) return value.value;
    }
  }
  return undefined;
}

describe('what the api counts for Prometheus', () => {
  let db: TestDatabase;
  let serving: Serving;

  beforeAll(async () => {
    db = await target!.create();
    await db.prisma.item.create({ data: { externalId: 'i1', title: 'One' } });
    const user = await db.prisma.user.create({ data: { externalId: 'u1' } });
    await db.prisma.interaction.create({ data: { userId: user.id, itemId: (await db.prisma.item.findFirstOrThrow()).id, occurredAt: new Date() } });
    serving = createServing(db, settings, () => undefined);
  });
  afterAll(async () => {
    await serving?.close();
    await db?.dispose();
  });

  it('counts recommendations by path with their latency and adaptations, operations by root field and outcome, and interactions', async () => {
    const metrics = new ApiMetrics();
    metrics.observeRecommendation({ path: 'few_shot', kept: false, seconds: 0.02, adaptationSeconds: 0.012 });
    metrics.observeRecommendation({ path: 'few_shot', kept: true, seconds: 0.0004 });
    metrics.observeRecommendation({ path: 'few_shot', kept: false, seconds: 0.03 });
    metrics.observeRecommendation({ path: 'no_history', kept: false, seconds: 0.003 });
    metrics.observeOperation('recommendations', 'ok', 0.021);
    metrics.observeOperation('recordInteraction', 'BAD_USER_INPUT', 0.002);
    metrics.observeOperation('recordInteraction', 'BAD_USER_INPUT', 0.003);
    metrics.observeInteractions(3, 1);
    metrics.observeInteractions(0, 2);
    expect(await sample(metrics, 'fewshot_recommendations_total', { path: 'few_shot', kept: 'false' })).toBe(2);
    expect(await sample(metrics, 'fewshot_recommendations_total', { path: 'few_shot', kept: 'true' })).toBe(1);
    expect(await sample(metrics, 'fewshot_recommendations_total', { path: 'no_history', kept: 'false' })).toBe(1);
    expect(await sample(metrics, 'fewshot_recommendation_seconds_count', { path: 'few_shot', kept: 'false' })).toBe(2);
    expect(await sample(metrics, 'fewshot_recommendation_seconds_sum', { path: 'few_shot', kept: 'false' })).toBeCloseTo(0.05, 6);
    // One adaptation ran (the other requests found modules kept, or adapted none): 12 ms lies in the 25 ms bucket.
    expect(await sample(metrics, 'fewshot_adaptation_seconds_count')).toBe(1);
    expect(await sample(metrics, 'fewshot_adaptation_seconds_bucket', { le: '0.01' })).toBe(0);
    expect(await sample(metrics, 'fewshot_adaptation_seconds_bucket', { le: '0.025' })).toBe(1);
    expect(await sample(metrics, 'fewshot_graphql_operations_total', { field: 'recordInteraction', outcome: 'BAD_USER_INPUT' })).toBe(2);
    expect(await sample(metrics, 'fewshot_graphql_operation_seconds_count', { field: 'recommendations' })).toBe(1);
    expect(await sample(metrics, 'fewshot_interactions_recorded_total', { outcome: 'created' })).toBe(3);
    expect(await sample(metrics, 'fewshot_interactions_recorded_total', { outcome: 'duplicate' })).toBe(3);
    expect(await metrics.text()).toMatch(/^# HELP fewshot_recommendations_total /m);
    expect(await metrics.text()).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('reads the serving state at each scrape: no version yet, and the kept counts\' hits added once each', async () => {
    const metrics = new ApiMetrics({ serving });
    expect(await sample(metrics, 'fewshot_model_info')).toBeUndefined();
    expect(await sample(metrics, 'fewshot_model_load_failing')).toBe(0);
    expect(await sample(metrics, 'fewshot_serving_catalog_items')).toBe(0);
    expect(await sample(metrics, 'fewshot_change_notifications_live')).toBe(0);
    const before = { hit: serving.counted.hits, miss: serving.counted.misses };
    await serving.counted.top({ kind: 'all-time' }, { first: 5 });
    await serving.counted.top({ kind: 'all-time' }, { first: 1 });
    expect(await sample(metrics, 'fewshot_kept_lookups_total', { kept: 'counts', outcome: 'miss' })).toBe(before.miss + 1);
    expect(await sample(metrics, 'fewshot_kept_lookups_total', { kept: 'counts', outcome: 'hit' })).toBe(before.hit + 1);
    // A second scrape with nothing new in between reports the same totals, not twice them.
    expect(await sample(metrics, 'fewshot_kept_lookups_total', { kept: 'counts', outcome: 'hit' })).toBe(before.hit + 1);
    expect(await sample(metrics, 'fewshot_kept_entries', { kept: 'counts' })).toBe(1);
  });

  it.skipIf(redisSkipReason)('counts jobs per queue and state, and says when Redis does not answer', async () => {
    const prefix = `metrics-test-${process.pid}-${Date.now()}`;
    const queues = new JobQueues({ redisUrl, prefix });
    try {
      await queues.addWarmup({ itemIds: [], reason: 'metrics test' }, 'metrics-1');
      await queues.addWarmup({ itemIds: [], reason: 'metrics test' }, 'metrics-2');
      const metrics = new ApiMetrics({ jobs: queues });
      expect(await sample(metrics, 'fewshot_jobs', { queue: 'warmup', state: 'waiting' })).toBe(2);
      expect(await sample(metrics, 'fewshot_jobs', { queue: 'train', state: 'waiting' })).toBe(0);
      expect(await sample(metrics, 'fewshot_job_queues_up')).toBe(1);
    } finally {
      await queues.close();
      await deletePrefixKeys(redisUrl, prefix);
    }
    // Nothing listens on port 1: the queues refuse at once, and the scrape still answers.
    const away = new JobQueues({ redisUrl: 'redis://127.0.0.1:1', prefix });
    try {
      const unreachable = new ApiMetrics({ jobs: away });
      expect(await sample(unreachable, 'fewshot_job_queues_up')).toBe(0);
      expect(await sample(unreachable, 'fewshot_jobs', { queue: 'warmup' })).toBeUndefined();
    } finally {
      await away.close();
    }
  }, 20_000);
});
