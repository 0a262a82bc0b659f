import path from 'node:path';
import { migrate, openDatabase } from '@fewshot/db';
import { MAX_IMAGE_BYTES } from '@fewshot/features/image';
import { postersDir } from '@fewshot/pipeline/data';
import { ensureConsoleKey } from './auth/console-key.ts';
import { KeyCache } from './auth/key-cache.ts';
import { createRequestContext, type ApiState } from './context.ts';
import { readEnv } from './env.ts';
import { createHttpServer } from './http-server.ts';
import { openRedis } from './jobs/redis-connection.ts';
import { RateLimits, rateLimitSettings } from './protection/rate-limits.ts';
import { serveItemImage } from './images/serve-item-image.ts';
import { createItemWrites } from './items/item-writes.ts';
import { ApiMetrics } from './metrics/api-metrics.ts';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics-plugin.ts';
import { metricsEndpoint } from './metrics/metrics-endpoint.ts';
import { servingHealth } from './serving/serving-health.ts';
import { createServing } from './serving/serving-state.ts';
import { createApolloServer } from './server.ts';
import { queueFirstTraining, startJobSystem, type JobSystem } from './jobs/job-system.ts';
import { installShutdown } from './shutdown.ts';
import { getCatalogStats } from './services/get-catalog-stats.ts';
import { seedDemoCatalog } from './services/seed-demo-catalog.ts';
import { TrialGuard } from './services/trial-guard.ts';

/** A rate limit count Redis has not answered by then is counted in this process instead (protection/rate-limits.ts). */
const RATE_LIMIT_REDIS_TIMEOUT_MS = 250;

/** Boots the api: configuration → database (migrated) → GraphQL over HTTP → demo catalog in the background. */
const env = readEnv();
// On PGlite the api owns the folder: a CLI opening it meanwhile is refused with this name (and the pid).
const db = await openDatabase({ url: env.DATABASE_URL, owner: `the api (http://${env.HOST}:${env.PORT}/graphql)` });
const migrations = await migrate(db.sql);
console.log(`fewshot api: database ${db.kind} at ${db.location} (${migrations.applied.length} migration(s) applied)`);
if (env.FEWSHOT_CONSOLE_KEY_FILE) {
  // Before listening: whoever waits for /health (npm start) then finds the console's key in place.
  const { created } = await ensureConsoleKey(db, env.FEWSHOT_CONSOLE_KEY_FILE);
  console.log(`fewshot api: the console's admin API key is in ${env.FEWSHOT_CONSOLE_KEY_FILE}${created ? ' (new)' : ''}`);
}

const serving = createServing(db, env);
const items = createItemWrites(db, env.FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS, console.log);
// Jobs: with REDIS_URL the api queues them, and runs the workers itself on the embedded default (one process owns a
// PGlite folder) or when FEWSHOT_WORKERS=embedded; without it, item writes compute features in the request.
let jobs: JobSystem | null = null;
if (env.REDIS_URL) {
  const runWorkers = (env.FEWSHOT_WORKERS ?? (db.kind === 'pglite' ? 'embedded' : 'off')) === 'embedded';
  jobs = startJobSystem({ db, env: { ...env, REDIS_URL: env.REDIS_URL }, featurizer: items.featurizer!, runWorkers, log: console.log });
  console.log(`fewshot api: job queues on Redis (prefix "${env.FEWSHOT_QUEUE_PREFIX}"); workers ${runWorkers ? 'run in this process' : 'run as separate processes (npm run worker)'}`);
} else {
  console.log('fewshot api: REDIS_URL is not set: no job queues; item writes compute features in the request, and training runs from the CLI');
}
const keys = new KeyCache(db, { ttlMs: 2_000 });
// A key revoked anywhere reaches this process through the database's notifications (auth/key-cache.ts).
serving.follow(keys);
// Only where they can be read: without a token nothing counts, and Node's own collectors (GC, event loop) stay off.
const metrics = env.FEWSHOT_METRICS_TOKEN ? new ApiMetrics({ serving, jobs: jobs?.queues }) : undefined;
// Before serving: kept answers are valid only while the database's change notifications arrive.
await serving.followChanges(db);
// In the background: the api answers at once (popularity) while the active model version loads.
void serving.registry.start().catch((error: unknown) => console.error('fewshot api: starting the model registry failed', error));
// A running trial's guardrails: this replica serves the outcome at once, the others on the database's notification.
const trialGuard = new TrialGuard(db, { intervalMs: env.FEWSHOT_TRIAL_CHECK_MS, log: console.log, onSettled: () => serving.registry.refresh() });
trialGuard.start();
// Counted in Redis when there is one, so every replica shares a caller's budget; a slow Redis is not waited for.
const rateLimitRedis = env.REDIS_URL ? openRedis(env.REDIS_URL, 'fewshot-rate-limits', { producer: true, commandTimeoutMs: RATE_LIMIT_REDIS_TIMEOUT_MS }) : undefined;
const rateLimits = new RateLimits(rateLimitSettings(env), { redis: rateLimitRedis, prefix: env.FEWSHOT_QUEUE_PREFIX, log: console.log });
const state: ApiState = { startedAt: Date.now(), seeding: false, serving, items, jobs: jobs?.queues, onboardingWaitMs: env.FEWSHOT_ONBOARDING_WAIT_MS, keys, metrics, rateLimits };
const apollo = createApolloServer({ plugins: metrics ? [graphqlMetricsPlugin(metrics)] : [] });
await apollo.start();
const server = createHttpServer({
  apollo,
  createContext: (req) => createRequestContext(db, state, req.headers),
  maxBodyBytes: env.FEWSHOT_MAX_BODY_BYTES,
  corsOrigins: env.FEWSHOT_CORS_ORIGINS,
  rateLimit: async (req, context) => {
    const verdict = await rateLimits.check(req, context.auth);
    if (verdict && !verdict.allowed) metrics?.observeRateLimited(verdict.caller);
    return verdict;
  },
  // One image per request, within the encoders' own limit (packages/features/src/image/image-limits.ts).
  uploads: { maxFileBytes: MAX_IMAGE_BYTES, maxFiles: 1, maxFieldBytes: env.FEWSHOT_MAX_BODY_BYTES },
  imageRateLimit: async (req) => {
    // Pages' <img> tags send no key; a server that sends one (the console's) is counted as that key.
    const auth = req.headers.authorization ? await keys.authenticate(req.headers) : null;
    const verdict = await rateLimits.checkImage(req, auth);
    if (verdict && !verdict.allowed) metrics?.observeRateLimited(verdict.caller);
    return { verdict, auth };
  },
  serveItemImage: (req, res, pathname) => serveItemImage(db, req, res, pathname),
  metrics: metricsEndpoint(metrics && env.FEWSHOT_METRICS_TOKEN ? { metrics, token: env.FEWSHOT_METRICS_TOKEN } : undefined),
  health: async () => {
    // While the demo catalog imports, an embedded database is busy with that one transaction: answer without it.
    if (state.seeding) return { ok: true, body: { status: 'ok', database: db.kind, seeding: true } };
    try {
      return { ok: true, body: { status: 'ok', database: db.kind, seeding: false, catalog: await getCatalogStats(db), serving: servingHealth(serving.registry.status(), serving.cacheStatus()) } };
    } catch (error) {
      console.error('fewshot api: health check failed', error);
      return { ok: false, body: { status: 'unavailable', database: db.kind, reason: 'the database does not answer' } };
    }
  },
});
server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(`fewshot api: GraphQL at http://${env.HOST}:${port}/graphql, health at http://${env.HOST}:${port}/health${env.FEWSHOT_METRICS_TOKEN ? `, metrics at http://${env.HOST}:${port}/metrics` : ''}`);
});

if (env.FEWSHOT_DEMO_CATALOG === 'on') {
  state.seeding = true;
  const imagesDir = env.FEWSHOT_DEMO_IMAGES ?? path.join(postersDir, 'images');
  seedDemoCatalog(db, { imagesDir })
    .then(async (report) => {
      if (report) console.log(`fewshot api: imported the demo catalog: ${report.items.inserted} items, ${report.users.inserted} users, ${report.interactions.inserted} interactions in ${report.seconds.toFixed(1)} s`);
      if (report && jobs && env.FEWSHOT_FIRST_TRAINING === 'on') await queueFirstTraining(db, jobs.queues, console.log);
    })
    .catch((error: unknown) => console.error('fewshot api: importing the demo catalog failed; the catalog stays empty', error))
    .finally(() => {
      state.seeding = false;
    });
}

// SIGINT/SIGTERM: drain HTTP (keep-alive clients cannot hold it), then close what holds the event loop, each with a
// time limit; the process exits within a few seconds whatever clients do (shutdown.ts).
installShutdown({
  server,
  steps: [
    { name: 'the GraphQL server', close: () => apollo.stop() },
    // Running jobs are aborted; each runs again on the next worker (a training's half-made version is FAILED then).
    { name: 'the job queues and workers', close: () => jobs?.close() ?? Promise.resolve() },
    { name: 'the trial guard', close: () => trialGuard.close() },
    { name: 'the rate limits\' Redis connection', close: async () => void (await rateLimitRedis?.quit()) },
    { name: 'the model registry and its change notifications', close: () => serving.close() },
    { name: 'the item encoders', close: () => items.featurizer?.close() ?? Promise.resolve() },
    { name: 'the database', close: () => db.close() },
  ],
});
