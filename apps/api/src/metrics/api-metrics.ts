import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobQueues } from '../jobs/job-queues.ts';
import type { RecommendationObservation } from '../serving/recommend.ts';
import type { RateLimitCaller } from '../protection/rate-limits.ts';
import type { Serving } from '../serving/serving-state.ts';

/** Latency buckets (seconds) from a kept answer (well under a millisecond) to a slow adaptation or count. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the metrics read when scraped: the serving state and, with Redis, the job queues. */
export interface MetricSources {
  serving?: Serving;
  jobs?: JobQueues;
}

/**
 * The api process's metrics in Prometheus' text format (`GET /metrics`, metrics-endpoint.ts): what a person running
 * the service watches. Requests by GraphQL root field and outcome with their latency; recommendations by the path
 * that made them (warm, few-shot, counts) with their latency and the few-shot adaptations' own; interactions
 * recorded; and, read at each scrape, the model version serving, the served catalog, the kept answers' hit counts,
 * whether change notifications arrive, and the job queues' sizes. Names start `fewshot_`; Node's own
 * (`process_*`, `nodejs_*`: CPU, memory, event loop lag, GC) come with them. Every label takes a bounded set of
 * values (root fields of the schema, error codes, paths, queue and state names, the one serving version), never a
 * request's text: a label per distinct value would let clients grow the scrape without bound.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly operations: Counter<'field' | 'outcome'>;
  private readonly operationSeconds: Histogram<'field'>;
  private readonly recommendations: Counter<'path' | 'kept'>;
  private readonly recommendationSeconds: Histogram<'path' | 'kept'>;
  private readonly adaptationSeconds: Histogram;
  private readonly interactions: Counter<'outcome'>;
  private readonly rateLimited: Counter<'caller'>;

  constructor(sources: MetricSources = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.operations = new Counter({ name: 'fewshot_graphql_operations_total', help: 'GraphQL operations by their first root field and outcome (ok, or the first error\'s code)', labelNames: ['field', 'outcome'], registers });
    this.operationSeconds = new Histogram({ name: 'fewshot_graphql_operation_seconds', help: 'GraphQL operations from reaching Apollo to their answer, by their first root field', labelNames: ['field'], buckets: LATENCY_BUCKETS, registers });
    this.recommendations = new Counter({ name: 'fewshot_recommendations_total', help: 'Recommendation lists by the path that made them (warm, few_shot, cold_unadapted, no_history, no_model) and whether a kept list answered', labelNames: ['path', 'kept'], registers });
    this.recommendationSeconds = new Histogram({ name: 'fewshot_recommendation_seconds', help: 'Recommendation lists from the request to the ranked list, by path and whether a kept list answered', labelNames: ['path', 'kept'], buckets: LATENCY_BUCKETS, registers });
    this.adaptationSeconds = new Histogram({ name: 'fewshot_adaptation_seconds', help: 'Few-shot adaptations of a cold user\'s local modules (each one run, not the kept ones reused)', buckets: LATENCY_BUCKETS, registers });
    this.interactions = new Counter({ name: 'fewshot_interactions_recorded_total', help: 'Interactions recorded (created), or acknowledged again by their clientEventId (duplicate)', labelNames: ['outcome'], registers });
    this.rateLimited = new Counter({ name: 'fewshot_rate_limited_total', help: 'Requests refused for being over their caller\'s rate limit (429), by caller: frontend, merchandiser, admin, anonymous, images (item images without a key)', labelNames: ['caller'], registers });
    if (sources.serving) this.followServing(sources.serving, registers);
    if (sources.jobs) this.followJobs(sources.jobs, registers);
  }

  /** Counts one recommendation list (RecommendOptions.observe). */
  readonly observeRecommendation = (observation: RecommendationObservation): void => {
    const labels = { path: observation.path, kept: String(observation.kept) };
    this.recommendations.inc(labels);
    this.recommendationSeconds.observe(labels, observation.seconds);
    if (observation.adaptationSeconds !== undefined) this.adaptationSeconds.observe(observation.adaptationSeconds);
  };

  /** Counts interactions a write recorded (`created`) and those it found recorded already. */
  observeInteractions(created: number, duplicates: number): void {
    if (created > 0) this.interactions.inc({ outcome: 'created' }, created);
    if (duplicates > 0) this.interactions.inc({ outcome: 'duplicate' }, duplicates);
  }

  /** Counts one request refused by its caller's rate limit (protection/rate-limits.ts). */
  observeRateLimited(caller: RateLimitCaller): void {
    this.rateLimited.inc({ caller: caller.toLowerCase() });
  }

  /** Counts one GraphQL operation (graphql-metrics-plugin.ts). */
  observeOperation(field: string, outcome: string, seconds: number): void {
    this.operations.inc({ field, outcome });
    this.operationSeconds.observe({ field }, seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private followServing(serving: Serving, registers: Registry[]): void {
    new Gauge({
      name: 'fewshot_model_info',
      help: 'The model version serving (1), with its id, name and execution provider; absent while popularity serves',
      labelNames: ['version_id', 'version_name', 'provider'],
      registers,
      collect() {
        this.reset();
        const status = serving.registry.status();
        if (status.versionId !== null) this.set({ version_id: String(status.versionId), version_name: status.versionName ?? '', provider: status.provider ?? '' }, 1);
      },
    });
    new Gauge({
      name: 'fewshot_model_load_failing',
      help: '1 while the version active in the database cannot be loaded (the previous one keeps serving; /health says why)',
      registers,
      collect() {
        this.set(serving.registry.status().lastError ? 1 : 0);
      },
    });
    new Gauge({
      name: 'fewshot_serving_catalog_items',
      help: 'Items in the served catalog (the model version\'s, plus items placed since)',
      registers,
      collect() {
        this.set(serving.registry.status().catalogRows);
      },
    });
    new Gauge({
      name: 'fewshot_change_notifications_live',
      help: '1 while the database\'s change notifications arrive (kept answers are used only then)',
      registers,
      collect() {
        this.set(serving.cacheStatus().live ? 1 : 0);
      },
    });
    // The kept answers' counters live in their caches (and /health); a scrape adds what they gained since the last one.
    const seen = new Map<string, number>();
    new Counter({
      name: 'fewshot_kept_lookups_total',
      help: 'Lookups of kept answers (lists: model-served lists; counts: the counts behind counted lists), hit or miss',
      labelNames: ['kept', 'outcome'],
      registers,
      collect() {
        const status = serving.cacheStatus();
        const totals = { 'lists/hit': status.hits, 'lists/miss': status.misses, 'counts/hit': status.countedLists.hits, 'counts/miss': status.countedLists.misses };
        for (const [key, total] of Object.entries(totals)) {
          const [kept, outcome] = key.split('/') as [string, string];
          this.inc({ kept, outcome }, Math.max(0, total - (seen.get(key) ?? 0)));
          seen.set(key, total);
        }
      },
    });
    new Gauge({
      name: 'fewshot_kept_entries',
      help: 'Answers kept in memory now (lists, counts)',
      labelNames: ['kept'],
      registers,
      collect() {
        const status = serving.cacheStatus();
        this.set({ kept: 'lists' }, status.entries);
        this.set({ kept: 'counts' }, status.countedLists.entries);
      },
    });
    const written = { recorded: 0, repeated: 0, dropped: 0 };
    new Counter({
      name: 'fewshot_served_lists_total',
      help: 'Lists answered to known users\' frontends: recorded for recommendationOutcomes, repeated (the same list shown to the same user again within 30 minutes: not another list), or dropped (the database refused their batch, or too many waited)',
      labelNames: ['outcome'],
      registers,
      collect() {
        const counters = serving.servedLists.counters();
        for (const outcome of ['recorded', 'repeated', 'dropped'] as const) {
          this.inc({ outcome }, Math.max(0, counters[outcome] - written[outcome]));
          written[outcome] = counters[outcome];
        }
      },
    });
  }

  private followJobs(jobs: JobQueues, registers: Registry[]): void {
    // One count per scrape, shared by the two metrics that report it (a scrape collects every metric at once).
    let counting: Promise<Record<string, Record<string, number>> | null> | undefined;
    const count = () => (counting ??= jobs.countJobs().catch(() => null).finally(() => {
      counting = undefined;
    }));
    new Gauge({
      name: 'fewshot_jobs',
      help: 'Jobs per queue and state, as Redis holds them (every replica reports the same queues)',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const counts = await count();
        this.reset();
        for (const [queue, states] of Object.entries(counts ?? {})) for (const [state, n] of Object.entries(states)) this.set({ queue, state }, n);
      },
    });
    new Gauge({
      name: 'fewshot_job_queues_up',
      help: '1 when Redis answered this scrape\'s count of jobs',
      registers,
      async collect() {
        this.set((await count()) ? 1 : 0);
      },
    });
  }
}
