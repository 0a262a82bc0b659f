import { postgresUnavailableReason, testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { copyModelVersion, seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyWithCli } from '../support/api-keys.ts';
import { postGraphQL } from '../support/graphql.ts';
import { freePort, startProcess, waitUntil, type Started } from '../support/processes.ts';

const postgres = (await testDatabaseTargets()).find((target) => target.kind === 'postgres');
const skipReason = await postgresUnavailableReason();

const VERSION = `query ($id: ID!) {
  modelVersion(id: $id) {
    id name status promotedAt retiredAt
    trainingRun { id status stage progress message estimatedFinishAt error jobId createdAt startedAt finishedAt report }
  }
}`;
const JUDGE = `query ($id: ID!, $policy: PromotionPolicyInput) {
  judgePromotion(id: $id, policy: $policy) { promote reason candidate active popularity activeVersion { id name } }
}`;
const ROLLBACK = 'mutation ($id: ID) { rollbackModelVersion(id: $id) { id status } }';
const PROMOTE = 'mutation ($id: ID!) { promoteModelVersion(id: $id) { id status } }';
const PAGE = `query ($first: Int, $after: String, $status: ModelVersionStatus) {
  modelVersions(first: $first, after: $after, status: $status) { nodes { id } pageInfo { endCursor hasNextPage } totalCount }
}`;

interface Judgment {
  promote: boolean;
  reason: string;
  candidate: number | null;
  active: number | null;
  popularity: number | null;
  activeVersion: { id: string; name: string } | null;
}

/**
 * The model lifecycle as an operator drives it over HTTP, on two api replicas sharing one PostgreSQL database:
 * promotion and rollback go to one replica, and the other serves the new active version within seconds.
 */
describe.skipIf(!postgres)(`model lifecycle over HTTP on PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let db: TestDatabase;
  const replicas: Started[] = [];
  const urls: string[] = [];
  const versions = { first: 0, second: 0 };
  const keys = { frontend: '', admin: '' };
  const metrics = { first: 0, firstPopularity: 0 };
  const admin = <T>(query: string, variables?: Record<string, unknown>, replica = 0) => postGraphQL<T>(urls[replica]!, query, variables, keys.admin);
  const served = async (replica: number) => {
    const result = await postGraphQL<{ serving: { modelVersion: { id: string } | null } }>(urls[replica]!, '{ serving { modelVersion { id } } }', undefined, keys.frontend);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return result.data!.serving.modelVersion?.id ?? null;
  };
  /** How long until replica 1 (which was not asked) serves `versionId`; replica 0, which was, serves it at once. */
  const followed = async (versionId: number) => {
    expect(await served(0)).toBe(String(versionId));
    const started = Date.now();
    await waitUntil(async () => (await served(1)) === String(versionId), 20_000, `replica 1 to serve version ${versionId}`, replicas[1]!.output);
    return Date.now() - started;
  };

  beforeAll(async () => {
    db = await postgres!.create();
    await seedDemoSlice(db);
    const first = await trainTinyVersion(db, 'first');
    versions.first = first.versionId;
    // Another READY version with the same artifact: promotion and rollback need two, not two trainings.
    versions.second = await copyModelVersion(db, first.versionId, 'second');
    metrics.first = first.metrics.slices['n=10']!.mml!['ndcg@10']!.mean;
    metrics.firstPopularity = first.metrics.slices['n=10']!.popularity!['ndcg@10']!.mean;
    for (let replica = 0; replica < 2; replica++) {
      const port = await freePort();
      urls.push(`http://127.0.0.1:${port}/graphql`);
      replicas.push(startProcess(process.execPath, ['--import', 'tsx', 'apps/api/src/index.ts'], { DATABASE_URL: db.url!, PORT: String(port), FEWSHOT_DEMO_CATALOG: 'off', FEWSHOT_MODEL_POLL_MS: '500' }));
    }
    [keys.frontend, keys.admin] = await Promise.all([createApiKeyWithCli('frontend', { DATABASE_URL: db.url! }), createApiKeyWithCli('admin', { DATABASE_URL: db.url! })]);
    for (const [i, url] of urls.entries()) await waitUntil(async () => (await fetch(url.replace('/graphql', '/health'))).ok, 120_000, `replica ${i} to start`, replicas[i]!.output);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGTERM')));
    await db?.dispose();
  });

  it('shows a version with the training run that made it, lists versions a page at a time, to admins only', async () => {
    const result = await admin<{ modelVersion: { id: string; status: string; trainingRun: Record<string, unknown> & { report: { training: { stages: unknown[] } } } } }>(VERSION, { id: String(versions.first) });
    expect(result.errors).toBeUndefined();
    const run = await db.prisma.trainingRun.findFirstOrThrow({ where: { modelVersionId: versions.first } });
    expect(result.data!.modelVersion).toMatchObject({ id: String(versions.first), name: 'first', status: 'READY', promotedAt: null });
    expect(result.data!.modelVersion.trainingRun).toMatchObject({ id: String(run.id), status: 'SUCCEEDED', stage: 'done', progress: 1, error: null, jobId: null, finishedAt: run.finishedAt!.toISOString() });
    expect(result.data!.modelVersion.trainingRun.report.training.stages).toHaveLength(6);
    expect(result.data!.modelVersion.trainingRun.estimatedFinishAt).toBeNull();
    // A run's estimated end is told while it runs, and never once it ended (a progress write racing its end).
    const runOf = async () => (await admin<{ modelVersion: { trainingRun: { estimatedFinishAt: string | null } } }>(VERSION, { id: String(versions.first) })).data!.modelVersion.trainingRun;
    const estimate = new Date(Date.now() + 25 * 60_000);
    await db.sql.query(`UPDATE training_runs SET status = 'RUNNING', estimated_finish_at = $2 WHERE id = $1`, [run.id, estimate]);
    expect((await runOf()).estimatedFinishAt).toBe(estimate.toISOString());
    await db.sql.query(`UPDATE training_runs SET status = 'SUCCEEDED' WHERE id = $1`, [run.id]);
    expect((await runOf()).estimatedFinishAt).toBeNull();
    await db.sql.query('UPDATE training_runs SET estimated_finish_at = NULL WHERE id = $1', [run.id]);
    // A list gets each version's own run (the copy has none).
    const list = await admin<{ modelVersions: { nodes: Array<{ id: string; trainingRun: { id: string } | null }> } }>('{ modelVersions { nodes { id trainingRun { id } } } }');
    expect(list.data!.modelVersions.nodes).toEqual([{ id: String(versions.second), trainingRun: null }, { id: String(versions.first), trainingRun: { id: String(run.id) } }]);

    // A page at a time, newest first, with the total: the second page starts where the first ended.
    const page = async (variables: Record<string, unknown>) => {
      const answer = await admin<{ modelVersions: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean }; totalCount: number } }>(PAGE, variables);
      expect(answer.errors).toBeUndefined();
      return answer.data!.modelVersions;
    };
    const first = await page({ first: 1 });
    expect(first).toMatchObject({ nodes: [{ id: String(versions.second) }], pageInfo: { hasNextPage: true }, totalCount: 2 });
    const second = await page({ first: 1, after: first.pageInfo.endCursor });
    expect(second).toMatchObject({ nodes: [{ id: String(versions.first) }], pageInfo: { hasNextPage: false }, totalCount: 2 });
    expect(await page({ first: 1, after: second.pageInfo.endCursor })).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 2 });
    expect(await page({ first: 5, status: 'ACTIVE' })).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 });

    const errors: Array<[string, Record<string, unknown>, string, RegExp | string, string?]> = [
      [VERSION, { id: '999999' }, 'NOT_FOUND', 'model version 999999 does not exist'],
      [VERSION, { id: 'abc' }, 'BAD_USER_INPUT', /id must be a model version's number/],
      [VERSION, { id: String(versions.first) }, 'FORBIDDEN', /this needs an API key with role admin/, keys.frontend],
      [JUDGE, { id: String(versions.first) }, 'FORBIDDEN', /role admin/, keys.frontend],
      [ROLLBACK, {}, 'FORBIDDEN', /role admin/, keys.frontend],
      [ROLLBACK, {}, 'UNAUTHENTICATED', /no valid API key/, ''],
      [PAGE, { after: 'not-a-cursor' }, 'BAD_USER_INPUT', 'after is not a cursor this API returned; pass the endCursor of the previous page'],
      [PAGE, { after: Buffer.from(JSON.stringify([Date.now(), 'abc'])).toString('base64url') }, 'BAD_USER_INPUT', /^after is not a cursor/],
      [PAGE, { first: 101 }, 'BAD_USER_INPUT', /first must be an integer from 1 to 100/],
      [PAGE, {}, 'FORBIDDEN', /role admin/, keys.frontend],
    ];
    for (const [query, variables, code, message, key = keys.admin] of errors) {
      const answer = await postGraphQL(urls[0]!, query, variables, key);
      expect(answer.errors?.[0], `${query.slice(0, 30)} ${JSON.stringify(variables)}`).toMatchObject({ extensions: { code } });
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
  });

  it('judges, promotes, and the other replica serves the promoted version within seconds', async () => {
    // With none active, a version is judged against the popularity ranking of its own evaluation (a tiny training
    // may rank below it), or, asked so, replaces popularity whatever it scored.
    const first = await admin<{ judgePromotion: Judgment }>(JUDGE, { id: String(versions.first) });
    const beatsPopularity = metrics.first > metrics.firstPopularity;
    expect(first.data!.judgePromotion).toMatchObject({ promote: beatsPopularity, candidate: metrics.first, active: null, popularity: metrics.firstPopularity, activeVersion: null });
    expect(first.data!.judgePromotion.reason).toMatch(/^no model version is active: model version \d+ has NDCG@10 of new users at n = 10 0\.\d{4}, popularity 0\.\d{4} in the same evaluation \([+-]0\.\d{4}\): (more|not more) than the required gain of 0, so (it replaces popularity|popularity keeps serving)/);
    const anyFirst = await admin<{ judgePromotion: Judgment }>(JUDGE, { id: String(versions.first), policy: { beatPopularity: false } });
    expect(anyFirst.data!.judgePromotion).toMatchObject({ promote: true, candidate: metrics.first, popularity: metrics.firstPopularity });
    expect(anyFirst.data!.judgePromotion.reason).toMatch(/^no model version is active: model version \d+ \(NDCG@10 of new users at n = 10: 0\.\d{4}\) replaces popularity$/);
    expect(await served(1)).toBeNull();
    expect((await admin(PROMOTE, { id: String(versions.first) })).data).toEqual({ promoteModelVersion: { id: String(versions.first), status: 'ACTIVE' } });
    expect(await followed(versions.first)).toBeLessThan(5000);

    const second = await admin<{ judgePromotion: Judgment }>(JUDGE, { id: String(versions.second), policy: { metric: 'RECALL', k: 20 } });
    expect(second.data!.judgePromotion).toMatchObject({ activeVersion: { id: String(versions.first), name: 'first' }, active: expect.any(Number), candidate: expect.any(Number) });
    expect(second.data!.judgePromotion.reason).toContain(`Recall@20 of new users at n = 10`);
    const atTwenty = await admin<{ judgePromotion: Judgment }>(JUDGE, { id: String(versions.second), policy: { n: 20 } });
    expect(atTwenty.data!.judgePromotion).toMatchObject({ promote: false, candidate: null });
    expect(atTwenty.data!.judgePromotion.reason).toContain('(evaluated at n = 2, n = 5, n = 10)');
    const badPolicy = await admin(JUDGE, { id: String(versions.second), policy: { k: 7 } });
    expect(badPolicy.errors?.[0]).toMatchObject({ message: 'policy.k must be 5, 10 or 20, got 7', extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await admin(JUDGE, { id: '999999' });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'model version 999999 does not exist', extensions: { code: 'NOT_FOUND' } });
  });

  it('rolls back to the previous version over GraphQL, and both replicas follow', async () => {
    expect((await admin(PROMOTE, { id: String(versions.second) })).data).toEqual({ promoteModelVersion: { id: String(versions.second), status: 'ACTIVE' } });
    await followed(versions.second);
    // The rollback goes to the replica that did not promote.
    const rolledBack = await admin(ROLLBACK, {}, 1);
    expect(rolledBack.errors).toBeUndefined();
    expect(rolledBack.data).toEqual({ rollbackModelVersion: { id: String(versions.first), status: 'ACTIVE' } });
    expect(await served(1)).toBe(String(versions.first));
    const started = Date.now();
    await waitUntil(async () => (await served(0)) === String(versions.first), 20_000, 'replica 0 to serve the version rolled back to', replicas[0]!.output);
    expect(Date.now() - started).toBeLessThan(5000);
    const statuses = await db.prisma.modelVersion.findMany({ orderBy: { id: 'asc' }, select: { name: true, status: true } });
    expect(statuses).toEqual([{ name: 'first', status: 'ACTIVE' }, { name: 'second', status: 'RETIRED' }]);

    // Naming the RETIRED one; then the errors that say there is nothing (else) to roll back to.
    expect((await admin(ROLLBACK, { id: String(versions.second) })).data).toEqual({ rollbackModelVersion: { id: String(versions.second), status: 'ACTIVE' } });
    await followed(versions.second);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ id: String(versions.second) }, 'BAD_USER_INPUT', `model version ${versions.second} is the ACTIVE one already: there is nothing to roll back`],
      [{ id: '999999' }, 'NOT_FOUND', 'model version 999999 does not exist'],
      [{ id: '0' }, 'BAD_USER_INPUT', 'id must be a model version\'s number, got "0"'],
    ];
    for (const [variables, code, message] of cases) expect((await admin(ROLLBACK, variables)).errors?.[0], JSON.stringify(variables)).toMatchObject({ message, extensions: { code } });
    await db.prisma.modelVersion.update({ where: { id: versions.first }, data: { status: 'FAILED' } });
    expect((await admin(ROLLBACK, {})).errors?.[0]).toMatchObject({
      message: `model version ${versions.second} is ACTIVE and no RETIRED version (with an artifact) exists: there is nothing to roll back to`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await served(0)).toBe(String(versions.second));
  });

  it('shows a click recorded through one replica in the other replica\'s very next list, and an item renamed in the database', async () => {
    const LIST = 'query ($u: ID!) { recommendations(userId: $u, first: 5) { source historyLength items { item { id title } } } }';
    const RECORD = 'mutation ($input: InteractionInput!) { recordInteraction(input: $input) { created } }';
    const list = async (replica: number) => {
      const result = await postGraphQL<{ recommendations: { source: string; historyLength: number; items: Array<{ item: { id: string; title: string } }> } }>(urls[replica]!, LIST, { u: 'shopper' }, keys.frontend);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.recommendations;
    };
    const record = async (itemId: string, replica: number) => expect((await postGraphQL(urls[replica]!, RECORD, { input: { userId: 'shopper', itemId } }, keys.frontend)).errors).toBeUndefined();
    await record('m3', 0);
    await record('m9', 0);
    const before = await list(1);
    expect(before).toMatchObject({ source: 'MODEL', historyLength: 2 });
    expect(await list(1)).toEqual(before); // kept by replica 1 now
    // The click goes to replica 0; replica 1 was not asked, and its very next answer (no waiting) has it.
    const clicked = before.items[0]!.item.id;
    await record(clicked, 0);
    const after = await list(1);
    expect(after.historyLength).toBe(3);
    expect(after.items.map((i) => i.item.id)).not.toContain(clicked);
    // Another writer renames an item both replicas have shown: the next lists show the new title.
    const shown = after.items[0]!.item.id;
    await db.sql.query(`UPDATE items SET title = 'Renamed by the catalog team' WHERE external_id = $1`, [shown]);
    for (const replica of [0, 1]) expect((await list(replica)).items.find((i) => i.item.id === shown)?.item.title, `replica ${replica}`).toBe('Renamed by the catalog team');
    // Each replica follows the database's change notifications (its kept lists are in use).
    for (const url of urls) expect(((await (await fetch(url.replace('/graphql', '/health'))).json()) as { serving: { cache: { live: boolean; hits: number } } }).serving.cache).toMatchObject({ live: true });
  });

  it('refuses a key revoked through one replica on the other replica\'s very next request', async () => {
    const created = await admin<{ createApiKey: { key: string; apiKey: { id: string } } }>('mutation { createApiKey(role: FRONTEND, name: "shop front") { key apiKey { id } } }');
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createApiKey;
    const ask = (replica: number) => postGraphQL<{ popularItems: unknown[] }>(urls[replica]!, '{ popularItems(first: 1) { item { id } } }', undefined, key);
    // Replica 1 remembers the key (its window is far longer than this test when notifications arrive).
    for (let i = 0; i < 3; i++) expect((await ask(1)).errors).toBeUndefined();
    expect((await admin('mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }', { id: apiKey.id }, 0)).errors).toBeUndefined();
    expect((await ask(1)).errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect((await ask(0)).errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
