import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase, migrate, type Database } from '@fewshot/db';
import { testDatabaseTargets } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';

const CLI = fileURLToPath(new URL('../../../bin/fewshot.mjs', import.meta.url));
const ITEMS = 40;
const USERS = 30;
const TEXT_ENCODER = { modality: 'TEXT' as const, name: 'test-text', version: 'v1', dimension: 16 };

/** A small catalog: 30 users with 8 time-ordered events each, and text vectors for the first 30 of 40 items. */
async function fill(db: Database): Promise<void> {
  await db.prisma.item.createMany({ data: Array.from({ length: ITEMS }, (_, i) => ({ externalId: `i${i + 1}`, title: `Item ${i + 1}` })) });
  await db.prisma.user.createMany({ data: Array.from({ length: USERS }, (_, u) => ({ externalId: `u${u + 1}` })) });
  const items = await db.prisma.item.findMany({ orderBy: { id: 'asc' } });
  const users = await db.prisma.user.findMany({ orderBy: { id: 'asc' } });
  await db.prisma.interaction.createMany({
    data: users.flatMap((user, u) => Array.from({ length: 8 }, (_, t) => ({
      userId: user.id,
      itemId: items[(u * 3 + t * 7) % ITEMS]!.id,
      occurredAt: new Date(Date.UTC(2024, 0, 1, 0, u, t)),
    }))),
  });
  await storeFeatureOutcomes(db.sql, TEXT_ENCODER, items.slice(0, 30).map((item, i) => ({
    itemId: item.id,
    sourceSha256: `test-${i}`,
    outcome: { ok: true, vector: Float32Array.from({ length: 16 }, (_, d) => Math.sin(i + d)) },
  })));
}

function fewshot(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// The CLI opens the database itself, so PGlite lives in a folder here (testDatabaseTargets' PGlite is in memory).
const postgres = (await testDatabaseTargets()).find((t) => t.kind === 'postgres');
const targets = [
  { kind: 'pglite', open: async (dir: string) => ({ db: await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') }), env: { FEWSHOT_DATA_DIR: dir, DATABASE_URL: '' }, dispose: async () => {} }) },
  ...(postgres ? [{
    kind: 'postgres',
    open: async () => {
      const db = await postgres.create();
      return { db, env: { DATABASE_URL: db.url! }, dispose: () => db.dispose() };
    },
  }] : []),
];

describe.each(targets)('fewshot train sasrec on $kind', ({ kind, open }) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-train-'));
    const opened = await open(dir);
    await migrate(opened.db.sql);
    await fill(opened.db);
    env = opened.env;
    dispose = opened.dispose;
    // PGlite allows one process at a time: hand the folder to the CLI.
    if (kind === 'pglite') await opened.db.close();
  });
  afterAll(async () => {
    await dispose?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('trains the text learner from the stored vectors and reports which encoder and how many items it covered', async () => {
    const json = path.join(dir, 'run.json');
    const run = await fewshot(['train', 'sasrec', '--from-database', '--learner', 'text', '--epochs', '2', '--threads', '1', '--json', json], env);
    expect(run.stderr).toContain('text learner: 16-d vectors of test-text@v1 for 30 of 40 items (the rest start at zeros)');
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ learner: 'text', users: USERS, items: ITEMS, features: { encoder: TEXT_ENCODER, coveredItems: 30 } });
    expect(report.epochs).toHaveLength(2);
    expect(report.test.masked.users).toBe(USERS);
  }, 120_000);

  it('says which command to run when the modality has no vectors, and refuses a learner without the database', async () => {
    const image = await fewshot(['train', 'sasrec', '--from-database', '--learner', 'image', '--epochs', '1'], env);
    expect(image.code).not.toBe(0);
    expect(image.stderr).toContain('fewshot: the database has no image vectors: run npx fewshot features --modality image first');
    const unknown = await fewshot(['train', 'sasrec', '--from-database', '--learner', 'text', '--encoder', 'use-lite', '--epochs', '1'], env);
    expect(unknown.stderr).toContain('no text vectors from encoder use-lite; stored: test-text@v1 (30 items)');
    const folder = await fewshot(['train', 'sasrec', '--data', dir, '--learner', 'text'], env);
    expect(folder.stderr).toContain('the text learner reads item vectors from the database: use --from-database');
  }, 120_000);
});
