import { migrate, openDatabase } from '@fewshot/db';
import { readEnv } from './env.ts';
import { ItemFeaturizer } from './items/item-featurizer.ts';
import { startJobSystem } from './jobs/job-system.ts';
import { redactUrl } from './jobs/redis-connection.ts';
import { installShutdown } from './shutdown.ts';

/**
 * The worker process (`npm run worker`): BullMQ workers for features, warm-up and training against PostgreSQL and
 * Redis. Run any number beside the api replicas; the embedded default runs the same workers inside the api instead.
 */
const env = readEnv();
if (!env.REDIS_URL) {
  console.error('fewshot worker: REDIS_URL is not set: the worker takes its jobs from Redis (e.g. REDIS_URL=redis://127.0.0.1:6379)');
  process.exit(2);
}
// On PGlite the api owns the folder, and this open is refused with a message that says so.
const db = await openDatabase({ url: env.DATABASE_URL, owner: 'a fewshot worker' });
const migrations = await migrate(db.sql);
console.log(`fewshot worker: database ${db.kind} at ${db.location} (${migrations.applied.length} migration(s) applied), Redis at ${redactUrl(env.REDIS_URL)}, queue prefix "${env.FEWSHOT_QUEUE_PREFIX}"`);
const featurizer = new ItemFeaturizer(db, { log: console.log });
const jobs = startJobSystem({ db, env: { ...env, REDIS_URL: env.REDIS_URL }, featurizer, runWorkers: true, log: console.log });

installShutdown({
  name: 'worker',
  steps: [
    // Running jobs are aborted and retried by the next worker; a training's half-made version is marked FAILED then.
    { name: 'the job workers', close: () => jobs.close() },
    { name: 'the item encoders', close: () => featurizer.close() },
    { name: 'the database', close: () => db.close() },
  ],
});
await jobs.workers;
