import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { computeFeatures } from '@fewshot/pipeline/features';
import { seedDemoSlice, tinyTraining, tinyTrainingSeenRunning, trainTinyVersion } from '@fewshot/pipeline/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { scrape } from '../support/prometheus.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';
import { MACHINE_REDIS_URL, redisAnswers } from '../support/redis.ts';

const REDIS_URL = MACHINE_REDIS_URL;
const METRICS_TOKEN = 'jobs-metrics-token-0123456789';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = (await postgresUnavailableReason()) ?? ((await redisAnswers(REDIS_URL)) ? null : `no Redis answers at ${REDIS_URL}`);

const JOB = 'id queue state progress { stage fraction message } data result error attempts maxAttempts logs(last: 50) createdAt startedAt finishedAt trainingRun { id status stage progress } ';
interface JobView {
  id: string;
  queue: string;
  state: string;
  progress: { stage: string; fraction: number; message: string | null } | null;
  data: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  logs: string[];
  trainingRun: { id: string; status: string; stage: string | null; progress: number } | null;
}
type Answer<T> = Awaited<ReturnType<typeof postGraphQL<T>>>;

/**
 * The job layer over HTTP on PostgreSQL and Redis, in its production shape: two api replicas that run no jobs and
 * one worker process. An item created through one replica is ranked by the other within moments; a training queued
 * over GraphQL shows its progress while it runs, ends as a READY version with metrics and, asked to, is promoted when
 * it beats the active one, which both replicas then serve; jobs can be cancelled and retried; retrain schedules are
 * created, edited and removed; bad input gets a coded error.
 */
describe.skipIf(!postgres || skipReason)(`jobs over HTTP on PostgreSQL and Redis${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  const apis: Started[] = [];
  let worker: Started;
  const urls: string[] = [];
  const keys = { frontend: '', merchandiser: '', admin: '' };
  let firstVersion = 0;
  const prefix = `fewshot-test-${process.pid}-${Date.now()}`;
  const output = () => [...apis.map((api) => api.output()), worker?.output() ?? ''].join('\n--- next process ---\n');
  const gql = <T>(query: string, variables?: Record<string, unknown>, key = keys.admin, replica = 0): Promise<Answer<T>> => postGraphQL<T>(urls[replica]!, query, variables, key);
  const ok = async <T>(answer: Promise<Answer<T>>): Promise<T> => {
    const { data, errors } = await answer;
    if (errors) throw new Error(JSON.stringify(errors));
    return data!;
  };
  const job = async (id: string) => (await ok(gql<{ job: JobView | null }>(`query ($id: ID!) { job(id: $id) { ${JOB} } }`, { id }))).job;
  const servedVersion = async (replica: number) => (await ok(gql<{ serving: { modelVersion: { id: string } | null } }>('{ serving { modelVersion { id } } }', {}, keys.admin, replica))).serving.modelVersion?.id ?? null;

  beforeAll(async () => {
    db = await postgres!.create();
    await seedDemoSlice(db);
    // Real use-lite text vectors (not the slice's synthetic ones), so the worker can encode a new item with the very
    // encoder the model was trained on.
    await computeFeatures({ sql: db.sql, specs: [{ kind: 'use-lite' }] });
    await db.sql.query(`DELETE FROM item_features WHERE encoder = 'synthetic'`);
    firstVersion = (await trainTinyVersion(db, 'first')).versionId;
    await db.sql.query(`UPDATE model_versions SET status = 'ACTIVE', promoted_at = now() WHERE id = $1`, [firstVersion]);
    const common = { DATABASE_URL: db.url!, REDIS_URL, FEWSHOT_QUEUE_PREFIX: prefix, FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '500', FEWSHOT_WORKERS: 'off', FEWSHOT_METRICS_TOKEN: METRICS_TOKEN };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      urls.push(`http://127.0.0.1:${port}/graphql`);
      apis.push(startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { ...common, PORT: String(port) }));
    }
    worker = startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/worker.ts'], common);
    const created = await Promise.all((['frontend', 'merchandiser', 'admin'] as const).map(async (role) => [role, await createApiKeyWithCli(role, { DATABASE_URL: db.url! })] as const));
    for (const [role, key] of created) keys[role] = key;
    for (const url of urls) await waitUntil(async () => (await fetch(url.replace('/graphql', '/health'))).ok, 120_000, 'the api replicas to start', output);
    await waitUntil(async () => /fewshot worker: processing features/.test(worker.output()), 60_000, 'the worker to start', output);
    for (const replica of [0, 1]) await waitUntil(async () => (await servedVersion(replica)) === String(firstVersion), 60_000, `replica ${replica} to serve the first version`, output);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...apis, worker].map((process) => process?.stop('SIGTERM')));
    await db?.dispose();
  });

  it('makes an item created through one replica recommendable on the other, through the features and warm-up jobs', async () => {
    const started = performance.now();
    const created = await ok(gql<{ createItem: { recommendable: boolean; message: string | null; features: Array<{ status: string; encoder: string }>; job: JobView } }>(
      `mutation ($input: ItemInput!) { createItem(input: $input) { recommendable message features { status encoder } job { ${JOB} } } }`,
      { input: { id: 'onboarded-1', title: 'A heist in a floating city', description: 'Thieves, airships and a double cross.', genres: ['Adventure'] } },
      keys.merchandiser,
    ));
    expect(created.createItem).toMatchObject({ recommendable: true, message: null });
    expect(created.createItem.features).toEqual([expect.objectContaining({ status: 'READY', encoder: expect.stringMatching(/^use-lite@/) })]);
    const features = created.createItem.job;
    expect(features).toMatchObject({ queue: 'FEATURES', state: 'COMPLETED', progress: { stage: 'done', fraction: 1 }, error: null, attempts: 1 });
    expect(features.result).toMatchObject({ warmupJobId: expect.any(String) });
    expect(features.logs.some((line) => line.includes('queued warm-up'))).toBe(true);
    // The other replica hears the warm-up's write from the database (a notification) and places the stored embedding.
    const similarOnOther = () => ok(gql<{ similarItems: Array<{ item: { id: string } }> }>('{ similarItems(itemId: "onboarded-1", first: 3) { item { id } } }', {}, keys.frontend, 1));
    await waitUntil(async () => (await similarOnOther()).similarItems.length === 3, 5_000, 'the other replica to rank the new item', output);
    console.log(`createItem → rankable on the other replica: ${((performance.now() - started) / 1000).toFixed(2)} s (first item: the worker loads its text encoder)`);
    const warmup = await job(`warmup:${String(features.result!.warmupJobId)}`);
    expect(warmup).toMatchObject({ queue: 'WARMUP', state: 'COMPLETED', result: { versionId: firstVersion, warmed: [expect.any(Number)] } });
    // Sending the same write again is refused; the job ids tie a job to the item's version, so nothing runs twice.
    const again = await gql('mutation { createItem(input: { id: "onboarded-1", title: "again" }) { recommendable } }', {}, keys.merchandiser);
    expect(again.errors?.[0]?.extensions?.code).toBe('ALREADY_EXISTS');
    const rows = await db.sql.query<{ count: string }>(`SELECT count(*) FROM item_embeddings e JOIN items i ON i.id = e.item_id WHERE i.external_id = 'onboarded-1'`);
    expect(Number(rows[0]?.count)).toBe(1);
  });

  it('archives an item on every replica, and restores it', async () => {
    // Only the new item's genre: every such item is listed, so the item is there before the archive (the test can
    // fail) whatever the model ranks first.
    const listedOnOther = async () => (await ok(gql<{ recommendations: { items: Array<{ item: { id: string } }> } }>('{ recommendations(recentItemIds: ["m1", "m2"], first: 100, filter: { genres: ["Adventure"] }) { items { item { id } } } }', {}, keys.frontend, 1))).recommendations.items.map((entry) => entry.item.id);
    expect(await listedOnOther()).toContain('onboarded-1');
    const archived = await ok(gql<{ archiveItem: { recommendable: boolean; job: { id: string } | null } }>('mutation { archiveItem(id: "onboarded-1") { recommendable job { id } } }', {}, keys.merchandiser));
    expect(archived.archiveItem.recommendable).toBe(false);
    // Its features did not change, so no embedding is written: the other replica hears of it through the items table.
    await waitUntil(async () => !(await listedOnOther()).includes('onboarded-1'), 10_000, 'the other replica to drop the archived item', output);
    expect(await listedOnOther()).not.toContain('onboarded-1');
    const restored = await ok(gql<{ restoreItem: { recommendable: boolean } }>('mutation { restoreItem(id: "onboarded-1") { recommendable } }', {}, keys.merchandiser));
    expect(restored.restoreItem.recommendable).toBe(true);
    await waitUntil(async () => (await listedOnOther()).includes('onboarded-1'), 10_000, 'the other replica to list the restored item again', output);
  });

  it('trains a version as a job, with its progress visible while it runs, and promotes it when it is better', async () => {
    const started = await ok(gql<{ startTraining: JobView }>(`mutation ($input: TrainingInput) { startTraining(input: $input) { ${JOB} } }`, {
      input: { name: 'from a job', config: tinyTrainingSeenRunning, evaluation: { ns: [10], headlineN: 10, latencyUsers: 1 }, autoPromote: true, policy: { metric: 'NDCG', k: 10, n: 10, minGain: 0 } },
    }));
    const id = started.startTraining.id;
    expect(id).toMatch(/^train:run-\d+$/);
    expect(started.startTraining).toMatchObject({ queue: 'TRAIN', maxAttempts: 2, trainingRun: { status: expect.stringMatching(/QUEUED|RUNNING/) } });
    // Progress is seen moving while the job runs: stages and fractions as the console will show them.
    const seen: Array<{ stage: string; fraction: number }> = [];
    await waitUntil(async () => {
      const current = await job(id);
      if (current?.state === 'ACTIVE' && current.progress) seen.push(current.progress);
      return current?.state === 'COMPLETED' || current?.state === 'FAILED';
    }, 180_000, 'the training job to finish', output);
    const done = (await job(id))!;
    expect(done.error).toBeNull();
    expect(done.state).toBe('COMPLETED');
    expect(new Set(seen.map((p) => p.stage)).size).toBeGreaterThan(1);
    expect(seen.some((p) => p.fraction > 0 && p.fraction < 1)).toBe(true);
    const result = done.result as { versionId: number; promoted: boolean; promotion: string };
    expect(done.trainingRun).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
    expect(result.promotion).toMatch(/NDCG@10/);
    const versions = await ok(gql<{ modelVersions: { nodes: Array<{ id: string; status: string; metrics: { methods?: Record<string, unknown> } | null }> } }>('{ modelVersions { nodes { id status metrics } } }'));
    const trained = versions.modelVersions.nodes.find((version) => version.id === String(result.versionId))!;
    expect(trained.metrics?.methods).toHaveProperty('mml');
    expect(trained.status).toBe(result.promoted ? 'ACTIVE' : 'READY');
    if (result.promoted) {
      // Both replicas follow the promotion within their poll interval.
      for (const replica of [0, 1]) await waitUntil(async () => (await servedVersion(replica)) === String(result.versionId), 15_000, `replica ${replica} to serve the promoted version`, output);
    }
  }, 240_000);

  it('cancels a waiting or running training and retries a failed one', async () => {
    const queued = await ok(gql<{ startTraining: JobView }>('mutation ($input: TrainingInput) { startTraining(input: $input) { id } }', { input: { config: tinyTraining.config, evaluation: { ns: [10], headlineN: 10, latencyUsers: 1 } } }));
    const id = queued.startTraining.id;
    const cancelled = await ok(gql<{ cancelJob: JobView }>(`mutation ($id: ID!) { cancelJob(id: $id, reason: "changed my mind") { ${JOB} } }`, { id }));
    expect(cancelled.cancelJob.id).toBe(id);
    await waitUntil(async () => (await job(id))?.state === 'FAILED' || (await job(id)) === null, 60_000, 'the cancelled job to stop', output);
    const after = await job(id);
    // Cancelled before a worker took it: removed from the queue, its run CANCELLED. Taken already: FAILED, cancelled.
    if (after) {
      expect(cancelled.cancelJob.state).not.toBe('CANCELLED');
      expect(after.error).toMatch(/^cancelled: changed my mind/);
      expect(after.trainingRun?.status).toBe('FAILED');
      const retried = await ok(gql<{ retryJob: JobView }>('mutation ($id: ID!) { retryJob(id: $id) { id state } }', { id }));
      expect(retried.retryJob.id).toBe(id);
      await waitUntil(async () => (await job(id))?.state === 'COMPLETED', 180_000, 'the retried job to complete', output);
      expect((await job(id))!.trainingRun?.status).toBe('SUCCEEDED');
    } else {
      expect(cancelled.cancelJob.state).toBe('CANCELLED');
      const runId = Number(id.replace('train:run-', ''));
      const [run] = await db.sql.query<{ status: string; error: string }>('SELECT status, error FROM training_runs WHERE id = $1', [runId]);
      expect(run).toEqual({ status: 'CANCELLED', error: 'changed my mind' });
    }
    // A finished job cannot be cancelled, a completed one not retried: coded, with the reason.
    const finished = (await ok(gql<{ jobs: { nodes: JobView[] } }>('{ jobs(queues: [FEATURES], states: [COMPLETED], first: 1) { nodes { id } } }'))).jobs.nodes[0]!;
    const cancelDone = await gql('mutation ($id: ID!) { cancelJob(id: $id) { id } }', { id: finished.id });
    expect(cancelDone.errors?.[0]).toMatchObject({ extensions: { code: 'FAILED_PRECONDITION' }, message: expect.stringContaining('completed') });
    const retryDone = await gql('mutation ($id: ID!) { retryJob(id: $id) { id } }', { id: finished.id });
    expect(retryDone.errors?.[0]?.extensions?.code).toBe('FAILED_PRECONDITION');
  }, 240_000);

  it('pages the jobs newest first across queues and states, without overlap or gap, with their total', async () => {
    type Page = { jobs: { nodes: Array<{ id: string; state: string; createdAt: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean }; totalCount: number } };
    const PAGE = 'query ($queues: [JobQueue!], $states: [JobState!], $first: Int, $after: String) { jobs(queues: $queues, states: $states, first: $first, after: $after) { nodes { id state createdAt } pageInfo { endCursor hasNextPage } totalCount } }';
    const page = async (variables: Record<string, unknown>) => (await ok(gql<Page>(PAGE, variables))).jobs;
    const walk = async (variables: Record<string, unknown>) => {
      const pages: Array<Page['jobs']> = [];
      let after: string | null = null;
      do {
        const next: Page['jobs'] = await page({ ...variables, after });
        pages.push(next);
        after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
      } while (after && pages.length < 100);
      return pages;
    };
    // Warm-ups whose creation order is not the order BullMQ keeps them in: the first one waits 1.5 s and fails
    // last, so the failed list (by when they failed) holds it first, though it is the older of the two failures.
    const { hostname, port } = new URL(REDIS_URL);
    const warmups = new Queue('warmup', { connection: { host: hostname, port: Number(port || 6379) }, prefix });
    const unreadable = { itemIds: ['not-an-item-id'], reason: 'paging test: an id the database refuses' };
    const added: string[] = [];
    try {
      for (const [name, data, delay] of [['late', unreadable, 1500], ['done', { itemIds: [], reason: 'paging test' }, 0], ['prompt', unreadable, 0]] as const) {
        added.push(`warmup:${(await warmups.add('warmup', data, { jobId: `paging-${name}`, attempts: 1, ...(delay ? { delay } : {}) })).id}`);
        await new Promise((resolve) => setTimeout(resolve, 20)); // distinct creation times
      }
    } finally {
      await warmups.close();
    }
    const [late, done, prompt] = added as [string, string, string];
    for (const [id, state] of [[late, 'FAILED'], [done, 'COMPLETED'], [prompt, 'FAILED']] as const) {
      await waitUntil(async () => (await job(id))?.state === state, 30_000, `${id} to be ${state}`, output);
    }

    const failed = await walk({ queues: ['WARMUP'], states: ['FAILED'], first: 1 });
    expect(failed[0]!.nodes.map((node) => node.id)).toEqual([prompt]);
    expect(failed[1]!.nodes.map((node) => node.id)).toEqual([late]);
    expect(failed[0]!.totalCount).toBe(failed.flatMap((p) => p.nodes).length);
    // A completed job newer than a failed one comes first, across the two states.
    const finished = await page({ queues: ['WARMUP'], states: ['COMPLETED', 'FAILED'], first: 3 });
    expect(finished.nodes.map((node) => node.id)).toEqual([prompt, done, late]);

    // Every job, two at a time: the pages join into the whole list, newest first, as long as the total says.
    const pages = await walk({ first: 2 });
    const walked = pages.flatMap((p) => p.nodes);
    const whole = await page({ first: 100 });
    expect(whole.pageInfo.hasNextPage).toBe(false);
    expect(walked.map((node) => node.id)).toEqual(whole.nodes.map((node) => node.id));
    expect(new Set(walked.map((node) => node.id)).size).toBe(walked.length);
    expect(walked.length).toBe(whole.totalCount);
    expect(pages.every((p) => p.totalCount === whole.totalCount)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.nodes.length === 2 && p.pageInfo.hasNextPage)).toBe(true);
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    const times = walked.map((node) => Date.parse(node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(walked.map((node) => node.id)).toEqual(expect.arrayContaining([...added, expect.stringMatching(/^train:run-\d+$/), expect.stringMatching(/^features:/)]));

    // The list's end: the last page's cursor gives an empty page; a cursor the api did not give, a coded error.
    const past = await page({ first: 2, after: pages.at(-1)!.pageInfo.endCursor });
    expect(past).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: whole.totalCount });
    for (const after of ['not-a-cursor', Buffer.from(JSON.stringify([10_001])).toString('base64url'), Buffer.from(JSON.stringify([-1])).toString('base64url')]) {
      const refused = await gql(PAGE, { after });
      expect(refused.errors?.[0], after).toMatchObject({ message: 'after is not a cursor this API returned; pass the endCursor of the previous page', extensions: { code: 'BAD_USER_INPUT', details: { field: 'after' } } });
    }
  });

  it('creates, edits and deletes retrain schedules backed by job schedulers', async () => {
    const SCHEDULE = 'id name cron timezone enabled autoPromote config nextRunAt lastRunAt';
    const created = await ok(gql<{ createRetrainSchedule: { id: string; nextRunAt: string; enabled: boolean; autoPromote: boolean } }>(
      `mutation ($input: RetrainScheduleInput!) { createRetrainSchedule(input: $input) { ${SCHEDULE} } }`,
      { input: { name: 'nightly', cron: '0 3 * * *', timezone: 'Europe/Berlin', autoPromote: true, config: { meta: { outerSteps: 50 } } } },
    ));
    const schedule = created.createRetrainSchedule;
    expect(schedule).toMatchObject({ enabled: true, autoPromote: true });
    const next = new Date(schedule.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('03:00');
    const edited = await ok(gql<{ updateRetrainSchedule: { cron: string; enabled: boolean; nextRunAt: string | null; config: unknown } }>(
      `mutation ($id: ID!, $input: RetrainSchedulePatch!) { updateRetrainSchedule(id: $id, input: $input) { ${SCHEDULE} } }`,
      { id: schedule.id, input: { cron: '30 4 * * 1', config: null } },
    ));
    expect(edited.updateRetrainSchedule).toMatchObject({ cron: '30 4 * * 1', enabled: true, config: null });
    expect(new Date(edited.updateRetrainSchedule.nextRunAt!).getUTCDay()).toBe(1);
    const disabled = await ok(gql<{ updateRetrainSchedule: { enabled: boolean; nextRunAt: string | null } }>('mutation ($id: ID!) { updateRetrainSchedule(id: $id, input: { enabled: false }) { enabled nextRunAt } }', { id: schedule.id }));
    expect(disabled.updateRetrainSchedule).toEqual({ enabled: false, nextRunAt: null });
    const listed = await ok(gql<{ retrainSchedules: Array<{ id: string }> }>('{ retrainSchedules { id } }'));
    expect(listed.retrainSchedules.map((s) => s.id)).toEqual([schedule.id]);
    const deleted = await ok(gql<{ deleteRetrainSchedule: { id: string } }>('mutation ($id: ID!) { deleteRetrainSchedule(id: $id) { id } }', { id: schedule.id }));
    expect(deleted.deleteRetrainSchedule.id).toBe(schedule.id);
    expect((await ok(gql<{ retrainSchedules: unknown[] }>('{ retrainSchedules { id } }'))).retrainSchedules).toEqual([]);
    const gone = await gql('mutation ($id: ID!) { deleteRetrainSchedule(id: $id) { id } }', { id: schedule.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses bad schedules, bad job ids, bad training settings and weak roles with coded errors', async () => {
    const create = (input: Record<string, unknown>) => gql('mutation ($input: RetrainScheduleInput!) { createRetrainSchedule(input: $input) { id } }', { input: { name: 'x', cron: '0 3 * * *', ...input } });
    const cases: Array<[Promise<Answer<unknown>>, string, RegExp]> = [
      [create({ cron: 'every night' }), 'BAD_USER_INPUT', /five fields/],
      [create({ cron: '61 3 * * *' }), 'BAD_USER_INPUT', /not a valid expression/],
      [create({ cron: '* * * * *' }), 'BAD_USER_INPUT', /at least 15 minutes apart/],
      [create({ timezone: 'Mars/Olympus' }), 'BAD_USER_INPUT', /IANA time zone/],
      [create({ config: { meta: { outerStep: 5 } } }), 'BAD_USER_INPUT', /unknown key config\.meta\.outerStep/],
      [gql('{ job(id: "train") { id } }'), 'BAD_USER_INPUT', /"<queue>:<id>"/],
      [gql('{ job(id: "nope:1") { id } }'), 'BAD_USER_INPUT', /features, warmup or train/],
      [gql('mutation { cancelJob(id: "train:run-999999") { id } }'), 'NOT_FOUND', /no job/],
      [gql('mutation { startTraining(input: { config: { sasrec: { loss: "hinge" } } }) { id } }'), 'BAD_USER_INPUT', /must be one of bpr, ce/],
      [gql('mutation { startTraining(input: { config: [1] }) { id } }'), 'BAD_USER_INPUT', /must be an object/],
      [gql('mutation { startTraining(input: { evaluation: { ns: [5], headlineN: 10 } }) { id } }'), 'BAD_USER_INPUT', /headlineN must be one of the measured lengths/],
      [gql('mutation { startTraining(input: { evaluation: { headlineN: 4 } }) { id } }'), 'BAD_USER_INPUT', /headlineN must be one of the measured lengths \(2, 3, 5, 10, 20\)/],
      // One event has nothing after it to predict: refused here, not deep inside the job.
      [gql('mutation { startTraining(input: { evaluation: { ns: [1, 10] } }) { id } }'), 'BAD_USER_INPUT', /evaluation\.ns must be 1 to 5 whole numbers from 2 to 100/],
      [gql('{ jobs(first: 1000) { totalCount } }'), 'BAD_USER_INPUT', /first/],
      [gql('mutation { startTraining { id } }', {}, keys.merchandiser), 'FORBIDDEN', /admin/],
      [gql('{ jobs { totalCount } }', {}, keys.frontend), 'FORBIDDEN', /admin/],
      [gql('{ job(id: "train:run-1") { id } }', {}, keys.merchandiser), 'FORBIDDEN', /admin/],
      [gql('{ retrainSchedules { id } }', {}, ''), 'UNAUTHENTICATED', /API key/],
    ];
    for (const [answer, code, message] of cases) {
      const { errors } = await answer;
      expect(errors?.[0], message.source).toMatchObject({ extensions: { code } });
      expect(errors![0]!.message).toMatch(message);
    }
    // A merchandiser follows the features and warm-up jobs of the items they write.
    const features = (await ok(gql<{ jobs: { nodes: JobView[] } }>('{ jobs(queues: [FEATURES], first: 1) { nodes { id } } }'))).jobs.nodes[0]!;
    expect((await gql<{ job: { id: string } }>('query ($id: ID!) { job(id: $id) { id } }', { id: features.id }, keys.merchandiser)).data?.job.id).toBe(features.id);
  });
  it('counts the queues\' jobs by state in every replica\'s metrics', async () => {
    const { hostname, port } = new URL(REDIS_URL);
    const direct = new Queue('features', { connection: { host: hostname, port: Number(port || 6379) }, prefix });
    try {
      const counts = await direct.getJobCounts('completed', 'failed');
      for (const url of urls) {
        const { samples } = await scrape(url.replace('/graphql', '/metrics'), METRICS_TOKEN);
        expect(samples.value('fewshot_job_queues_up')).toBe(1);
        expect(samples.value('fewshot_jobs', { queue: 'features', state: 'completed' })).toBe(counts.completed);
        expect(samples.value('fewshot_jobs', { queue: 'train', state: 'completed' })).toBeGreaterThanOrEqual(1);
        expect(samples.value('fewshot_jobs', { queue: 'warmup', state: 'active' })).toBe(0);
      }
    } finally {
      await direct.close();
    }
  });
});
