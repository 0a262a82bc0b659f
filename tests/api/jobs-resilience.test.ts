import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { seedDemoSlice, tinyTraining, tinyTrainingSeenRunning } from '@fewshot/pipeline/testing';
import { trainModelVersion } from '@fewshot/pipeline/train';
import { Queue, type Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';
import { redisUnavailableReason, startRedis, type StartedRedis } from '../support/redis.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const postgresReason = await postgresUnavailableReason();
const skipReason = !postgres ? `PostgreSQL is not reachable: ${postgresReason ?? 'unknown'}` : redisUnavailableReason();

const JOB = `query ($id: ID!) {
  job(id: $id) { id state error attempts maxAttempts progress { stage fraction } trainingRun { id status error } }
}`;
const JOBS = '{ jobs(queues: [TRAIN], first: 100) { nodes { id state } } }';
const START = 'mutation ($input: TrainingInput) { startTraining(input: $input) { id state } }';
const CANCEL = 'mutation ($id: ID!, $reason: String) { cancelJob(id: $id, reason: $reason) { id } }';
const VERSIONS = '{ modelVersions(first: 100) { nodes { id status trainingRun { id jobId } } } }';

interface JobView {
  id: string;
  state: 'WAITING' | 'DELAYED' | 'ACTIVE' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';
  error: string | null;
  attempts: number;
  maxAttempts: number;
  progress: { stage: string; fraction: number } | null;
  trainingRun: { id: string; status: string; error: string | null } | null;
}

/**
 * The tiny settings on two threads (tinyTrainingSeenRunning), measured with one history length and one latency user:
 * about 12 s a training on two cores (tinyTraining's evaluation doubles that), of which some 10 s after the snapshot,
 * so a kill or a cancel polled for every 0.5 s lands mid-training.
 */
const EVALUATION = { ns: [10], headlineN: 10, latencyUsers: 1 };
/**
 * The job lock of the workers: short, so a killed worker's job is noticed in seconds, but not 2 s: a training
 * blocks its worker's event loop for up to ~1.2 s at a time (measured alone on two cores; longer when the api and
 * another worker share them). A lock that lapses while a live worker trains makes BullMQ count its job stalled; seen
 * with 2 s here: a job FAILED "job stalled more than allowable limit" although its training run SUCCEEDED.
 */
const LOCK_MS = '5000';

/**
 * Crash safety of the BullMQ job layer with real processes: an api (FEWSHOT_WORKERS=off) and separate worker
 * processes on one PostgreSQL database and a Redis server of the suite's own that persists every write (AOF,
 * fsync always). A worker SIGKILLed mid-training, Redis stopped and started again with jobs queued, two workers
 * sharing warm-ups, and a cancel that crosses processes.
 */
describe.skipIf(skipReason)(`job queues survive crashes and restarts (api, workers, Redis, PostgreSQL)${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  let redis: StartedRedis | undefined;
  let redisDir = '';
  let redisPort = 0;
  let api: Started | undefined;
  let url = '';
  let activeVersionId = 0;
  const prefix = `fewshot-resilience-${randomBytes(4).toString('hex')}`;
  const keys = { admin: '', frontend: '' };
  const workers: Array<{ name: string; process: Started }> = [];
  const queues: Queue[] = [];
  /** A startTraining refused while Redis was down: its run, and its job if one turned up once Redis was back. */
  const refused: { runId: number; job: { id: string; state: string } | null } = { runId: 0, job: null };

  /** Every process's output, for a wait that timed out. */
  const outputs = () =>
    [['api', api], ['redis', redis], ...workers.map((w) => [w.name, w.process] as const)]
      .filter((entry): entry is [string, Started] => entry[1] !== undefined)
      .map(([name, started]) => `=== ${name} ===\n${started.output().slice(-2500)}`)
      .join('\n');

  const admin = <T>(query: string, variables?: Record<string, unknown>) => postGraphQL<T>(url, query, variables, keys.admin);
  const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const result = await admin<T>(query, variables);
    if (result.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
    return result.data!;
  };
  const job = async (id: string) => (await ok<{ job: JobView | null }>(JOB, { id })).job;
  const startTraining = async (name: string, config: object) => {
    const data = await ok<{ startTraining: { id: string; state: string } }>(START, { input: { name, config, evaluation: EVALUATION } });
    return data.startTraining.id;
  };
  /** `train:run-12` → `run-12`, the training runs' job_id. */
  const bareId = (id: string) => id.slice(id.indexOf(':') + 1);
  const runsOf = (id: string) => db.prisma.trainingRun.findMany({ where: { jobId: bareId(id) }, orderBy: { id: 'asc' } });
  /** Versions made by the job's runs, with whether each still has an artifact (or any chunk of one), from the database itself. */
  const versionsOf = async (id: string) =>
    (await db.sql.query<{ id: number; status: string; has_artifact: boolean }>(
      `SELECT v.id, v.status, (v.artifact_bytes IS NOT NULL OR EXISTS (SELECT 1 FROM model_artifact_chunks c WHERE c.model_version_id = v.id)) AS has_artifact
         FROM model_versions v JOIN training_runs r ON r.model_version_id = v.id
        WHERE r.job_id = $1 ORDER BY v.id`,
      [bareId(id)],
    )).map((row) => ({ id: Number(row.id), status: row.status, hasArtifact: row.has_artifact }));
  const waitForState = async (id: string, states: Array<JobView['state']>, timeoutMs: number) => {
    let last: JobView | null = null;
    await waitUntil(async () => {
      last = await job(id);
      return last !== null && states.includes(last.state);
    }, timeoutMs, `job ${id} to be ${states.join(' or ')}`, () => `last seen: ${JSON.stringify(last)}\n${outputs()}`);
    return last as unknown as JobView;
  };
  /** Running past the snapshot (its version exists, TRAINING), on a stage of the training itself. */
  const waitUntilTraining = (id: string) =>
    waitUntil(async () => {
      const seen = await job(id);
      return seen?.state === 'ACTIVE' && seen.progress !== null && seen.progress.stage !== 'snapshot' && seen.trainingRun?.status === 'RUNNING';
    }, 90_000, `job ${id} to be training`, outputs);

  const workerEnv = () => ({ DATABASE_URL: db.url!, REDIS_URL: redis!.url, FEWSHOT_QUEUE_PREFIX: prefix, FEWSHOT_JOB_LOCK_MS: LOCK_MS, FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_FIRST_TRAINING: 'off' });
  const startWorker = async (name: string) => {
    const worker = { name, process: startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/worker.ts'], workerEnv()) };
    workers.push(worker);
    await waitUntil(async () => worker.process.output().includes('fewshot worker: processing'), 90_000, `worker ${name} to start`, outputs);
    return worker.process;
  };
  const stopWorkers = async (signal: NodeJS.Signals = 'SIGTERM') => {
    await Promise.all(workers.map((worker) => worker.process.stop(signal)));
    workers.length = 0;
  };

  // Every test ends with no worker running, also one that fails midway (its workers would take the next test's jobs).
  afterEach(() => stopWorkers());

  beforeAll(async () => {
    redisDir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-redis-'));
    redisPort = await freePort();
    const [created] = await Promise.all([postgres!.create(), startRedis(redisPort, redisDir).then((started) => (redis = started))]);
    db = created;
    await seedDemoSlice(db);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    api = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], {
      DATABASE_URL: db.url!,
      PORT: String(port),
      REDIS_URL: redis!.url,
      FEWSHOT_QUEUE_PREFIX: prefix,
      FEWSHOT_WORKERS: 'off',
      FEWSHOT_DEMO_CATALOG: 'off',
      FEWSHOT_FIRST_TRAINING: 'off',
      FEWSHOT_MODEL_POLL_MS: '500',
      FEWSHOT_ADAPTATION_THREADS: '0',
    });
    // Meanwhile: the keys, and the version the api serves (it notices the promotion within 0.5 s).
    [keys.admin, keys.frontend, activeVersionId] = await Promise.all([
      createApiKeyWithCli('admin', { DATABASE_URL: db.url! }),
      createApiKeyWithCli('frontend', { DATABASE_URL: db.url! }),
      trainModelVersion({ db, config: tinyTraining.config, evaluation: EVALUATION, name: 'tiny' }).then((trained) => trained.versionId),
    ]);
    await db.sql.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now() WHERE id = $1`, [activeVersionId]);
    await waitUntil(async () => (await fetch(url.replace('/graphql', '/health'))).ok, 120_000, 'the api to start', outputs);
  });

  afterAll(async () => {
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await stopWorkers('SIGKILL');
    await api?.stop('SIGTERM');
    await redis?.stop('SIGKILL');
    if (redisDir) await rm(redisDir, { recursive: true, force: true });
    await db?.dispose();
  });

  it('a worker SIGKILLed mid-training leaves no version behind, and a fresh worker trains the job again to completion', async () => {
    const first = await startWorker('worker-1');
    const id = await startTraining('killed mid-run', tinyTrainingSeenRunning);
    await waitUntilTraining(id);
    const [killedRun] = await runsOf(id);
    expect(killedRun).toMatchObject({ status: 'RUNNING' });
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    workers.length = 0;

    // Nothing of the interrupted run can be served: its version is TRAINING (invisible), without an artifact.
    const listed = (await ok<{ modelVersions: { nodes: Array<{ id: string; status: string; trainingRun: { jobId: string | null } | null }> } }>(VERSIONS)).modelVersions.nodes;
    expect(listed.filter((v) => v.trainingRun?.jobId === bareId(id) && (v.status === 'READY' || v.status === 'ACTIVE'))).toEqual([]);
    expect(await versionsOf(id)).toEqual([{ id: killedRun!.modelVersionId!, status: 'TRAINING', hasArtifact: false }]);

    // The lock (2 s) runs out, the fresh worker's stalled check puts the job back, and it trains under a new run.
    const fresh = await startWorker('worker-2');
    const done = await waitForState(id, ['COMPLETED', 'FAILED'], 150_000);
    expect(done, `${JSON.stringify(done)}\n${outputs()}`).toMatchObject({ state: 'COMPLETED', error: null, trainingRun: { status: 'SUCCEEDED' } });
    expect(fresh.output()).toMatch(new RegExp(`train job ${bareId(id)} started \\(attempt 2\\)`));

    const runs = await runsOf(id);
    expect(runs.map((run) => run.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect(runs[0]!.id).toBe(killedRun!.id);
    expect(runs[0]!.error).toMatch(/the worker running it stopped before it finished/);
    const versions = await versionsOf(id);
    expect(versions).toEqual([
      { id: killedRun!.modelVersionId!, status: 'FAILED', hasArtifact: false },
      { id: runs[1]!.modelVersionId!, status: 'READY', hasArtifact: true },
    ]);
    // The suite's own version is still the one served.
    const active = await db.prisma.modelVersion.findMany({ where: { status: 'ACTIVE' }, select: { id: true } });
    expect(active).toEqual([{ id: activeVersionId }]);
  });

  it('keeps queued jobs through a Redis restart, and the api keeps serving (jobs answer SERVICE_UNAVAILABLE meanwhile)', async () => {
    expect(workers).toEqual([]);
    const ids = [await startTraining('queued before the restart 1', tinyTraining.config), await startTraining('queued before the restart 2', tinyTraining.config)];
    for (const id of ids) expect((await job(id))?.state).toBe('WAITING');

    expect(await redis!.stop('SIGTERM')).toBe(0);
    expect(redis!.output()).toMatch(/ready to exit, bye bye/i);

    // Recommendations need no Redis.
    const list = await postGraphQL<{ recommendations: { source: string; items: unknown[] } }>(url, '{ recommendations(userId: "u3", first: 5) { source items { rank } } }', undefined, keys.frontend);
    expect(list.errors).toBeUndefined();
    expect(list.data!.recommendations).toMatchObject({ source: 'MODEL', items: expect.any(Array) });
    expect(list.data!.recommendations.items).toHaveLength(5);
    expect((await fetch(url.replace('/graphql', '/health'))).ok).toBe(true);

    // A job request says the queue is away, in seconds, instead of hanging.
    const started = Date.now();
    const [listing, refusal] = await Promise.all([admin(JOBS), admin(START, { input: { name: 'asked while Redis is down', config: tinyTraining.config, evaluation: EVALUATION } })]);
    const took = Date.now() - started;
    expect(listing.errors?.[0]?.extensions?.code, JSON.stringify(listing)).toBe('SERVICE_UNAVAILABLE');
    expect(listing.errors?.[0]?.message).toMatch(/the job queue \(Redis\) did not answer within 5 s/);
    expect(refusal.errors?.[0]?.extensions?.code, JSON.stringify(refusal)).toBe('SERVICE_UNAVAILABLE');
    expect(took).toBeLessThan(6_500);
    const refusedRun = await db.prisma.trainingRun.findFirstOrThrow({ where: { config: { path: ['name'], equals: 'asked while Redis is down' } } });
    expect(refusedRun).toMatchObject({ status: 'FAILED', jobId: null });
    expect(refusedRun.error).toMatch(/^could not queue the job: /);

    redis = await startRedis(redisPort, redisDir);
    let listed: Array<{ id: string; state: string }> = [];
    await waitUntil(async () => {
      const result = await admin<{ jobs: { nodes: Array<{ id: string; state: string }> } }>(JOBS);
      listed = result.data?.jobs.nodes ?? [];
      return result.errors === undefined;
    }, 30_000, 'the api to reach Redis again', outputs);
    expect(listed.filter((j) => ids.includes(j.id)).map((j) => j.state)).toEqual(['WAITING', 'WAITING']);
    // What became of the refused training's job (see the test after this one): removed if it is there, so that it
    // trains in no later test.
    refused.runId = refusedRun.id;
    refused.job = listed.find((j) => j.id === `train:run-${refusedRun.id}`) ?? null;
    if (refused.job) expect((await admin(CANCEL, { id: refused.job.id, reason: 'queued although startTraining was refused' })).errors).toBeUndefined();

    await startWorker('worker-3');
    for (const id of ids) expect(await waitForState(id, ['COMPLETED', 'FAILED'], 120_000)).toMatchObject({ state: 'COMPLETED', trainingRun: { status: 'SUCCEEDED' } });
    for (const id of ids) expect((await versionsOf(id)).map((v) => v.status)).toEqual(['READY']);
  });

  // The api's queue connection does not hold commands while Redis is away (enableOfflineQueue: false), so a training
  // it answered SERVICE_UNAVAILABLE for (its run FAILED "could not queue the job") is not queued when Redis returns.
  it('queues nothing, once Redis is back, for a training it refused while Redis was down', () => {
    expect(refused.runId).toBeGreaterThan(0);
    expect(refused.job).toBeNull();
  });

  it('two workers never run the same warm-up twice, and a repeated warm-up writes nothing', async () => {
    await Promise.all([startWorker('worker-a'), startWorker('worker-b')]);
    // Items the active version was not trained on, each with a text vector of its encoder (synthetic@1).
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => db.prisma.item.create({ data: { externalId: `resilience-${i}`, title: `Resilience ${i}` } })));
    const itemIds = items.map((item) => item.id).sort((a, b) => a - b);
    await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, itemIds.map((itemId, i) => ({
      itemId, sourceSha256: `resilience-${i}`, outcome: { ok: true as const, vector: Float32Array.from({ length: 6 }, (_, j) => Math.sin(i * 7 + j)) },
    })));
    const queue = new Queue('warmup', { connection: { host: '127.0.0.1', port: redisPort }, prefix });
    queues.push(queue);
    // Both workers waiting on the queue before the first job: a worker logs that it is processing before its blocking
    // read reaches Redis, and on a loaded machine the other took all 12 jobs meanwhile (12 and 0).
    const blocked = async () => (await queue.getWorkers()).filter((client) => (client.flags ?? '').includes('b')).length;
    await waitUntil(async () => (await blocked()) >= 2, 30_000, 'both workers to wait on the warm-up queue', outputs);
    const warmUp = async (round: string) => {
      // One add at a time, not addBulk: each add wakes a worker that waits for work, so the idle one gets jobs too.
      // With addBulk one worker was woken, took every job (they take milliseconds) and the other never woke (0 and 12).
      const jobs: Job[] = [];
      for (const itemId of itemIds) jobs.push(await queue.add('warmup', { itemIds: [itemId], reason: `resilience ${round}` }, { jobId: `${round}-${itemId}`, attempts: 3, backoff: { type: 'exponential', delay: 1000 } }));
      await waitUntil(async () => (await Promise.all(jobs.map((j) => j.isCompleted()))).every(Boolean), 60_000, `the ${round} warm-ups to complete`, outputs);
      return Promise.all(jobs.map(async (j) => (await queue.getJob(j.id!))!.returnvalue as { warmed: number[]; unchanged: number[] }));
    };

    const first = await warmUp('first');
    expect(first.flatMap((r) => r.warmed).sort((a, b) => a - b)).toEqual(itemIds);
    const rows = () => db.sql.query<{ item_id: number; updated_at: Date }>('SELECT item_id, updated_at FROM item_embeddings WHERE item_id = ANY($1::int[]) ORDER BY item_id', [itemIds]);
    const stored = await rows();
    expect(stored.map((row) => Number(row.item_id))).toEqual(itemIds);

    // Which worker started which job, from their own logs: each job once, and both took some.
    const starts = workers.map((worker) => [...worker.process.output().matchAll(/fewshot worker: warmup job (\S+) started \(attempt (\d+)\)/g)].map((m) => m[1]!));
    const all = starts.flat().filter((jobId) => jobId.startsWith('first-'));
    expect(all.sort()).toEqual(itemIds.map((itemId) => `first-${itemId}`).sort());
    expect(starts.map((list) => list.length).every((n) => n > 0), `starts per worker: ${starts.map((l) => l.length).join(', ')}`).toBe(true);

    // The same warm-ups again (as a retry would run them): nothing computed, nothing rewritten.
    const again = await warmUp('again');
    expect(again.flatMap((r) => r.warmed)).toEqual([]);
    expect(again.flatMap((r) => r.unchanged).sort((a, b) => a - b)).toEqual(itemIds);
    expect(await rows()).toEqual(stored);
  });

  it('cancels a running training from the api in the worker process, and retryJob then completes it', async () => {
    const worker = await startWorker('worker-4');
    const id = await startTraining('cancelled mid-run', tinyTrainingSeenRunning);
    await waitUntilTraining(id);
    const cancel = await admin<{ cancelJob: { id: string } }>(CANCEL, { id, reason: 'wrong settings' });
    expect(cancel.errors).toBeUndefined();
    const failed = await waitForState(id, ['FAILED', 'COMPLETED'], 60_000);
    expect(failed).toMatchObject({ state: 'FAILED', error: 'cancelled: wrong settings', trainingRun: { status: 'FAILED' } });
    expect(worker.output()).toContain(`fewshot worker: cancelling train job ${bareId(id)}: wrong settings`);
    expect((await runsOf(id)).map((run) => run.status)).toEqual(['FAILED']);
    expect(await versionsOf(id)).toEqual([{ id: expect.any(Number), status: 'FAILED', hasArtifact: false }]);

    const retried = await admin<{ retryJob: { id: string } }>('mutation ($id: ID!) { retryJob(id: $id) { id } }', { id });
    expect(retried.errors).toBeUndefined();
    const completed = await waitForState(id, ['COMPLETED', 'FAILED'], 120_000);
    expect(completed, outputs()).toMatchObject({ state: 'COMPLETED', error: null, trainingRun: { status: 'SUCCEEDED' } });
    expect((await runsOf(id)).map((run) => run.status)).toEqual(['FAILED', 'SUCCEEDED']);
    expect((await versionsOf(id)).map((v) => [v.status, v.hasArtifact])).toEqual([['FAILED', false], ['READY', true]]);
  });
});
