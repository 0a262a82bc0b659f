import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, migrate, type Database } from '@fewshot/db';
import { createMigratedPgliteFolder, testDatabaseTargets } from '@fewshot/db/testing';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { cliCommands } from './index.ts';
import { describeSlotsReplay } from './train-mml-action.ts';
import { summarizeSlots } from '@fewshot/model/coldstart';

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

// The CLI opens the database itself, so PGlite lives in a folder here (testDatabaseTargets' PGlite is in memory).
const postgres = (await testDatabaseTargets()).find((t) => t.kind === 'postgres');
const targets = [
  {
    kind: 'pglite',
    open: async (dir: string) => {
      await createMigratedPgliteFolder(path.join(dir, 'pglite'));
      return { db: await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') }), env: { FEWSHOT_DATA_DIR: dir, DATABASE_URL: '' }, dispose: async () => {} };
    },
  },
  ...(postgres ? [{
    kind: 'postgres',
    open: async () => {
      const db = await postgres.create();
      return { db, env: { DATABASE_URL: db.url! }, dispose: () => db.dispose() };
    },
  }] : []),
];

/** Where the CLI's `train mml --from-database` test runs: PostgreSQL when there is one (the test can then look at the row). */
const TRAINED_KIND = postgres ? 'postgres' : 'pglite';

/**
 * A filled, migrated database for the CLI to open. PGlite allows one process at a time, so its folder is handed
 * over closed; a PostgreSQL connection stays open for the test to look at what the CLI wrote.
 */
async function prepareTarget(kind: string, open: (typeof targets)[number]['open'], prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const opened = await open(dir);
  await migrate(opened.db.sql);
  await fill(opened.db);
  if (kind === 'pglite') await opened.db.close();
  return { dir, env: opened.env as NodeJS.ProcessEnv, dispose: opened.dispose, db: kind === 'pglite' ? undefined : opened.db };
}

describe.each(targets)('fewshot train sasrec on $kind', ({ kind, open }) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ dir, env, dispose } = await prepareTarget(kind, open, 'fewshot-train-'));
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

  // The messages come from the same query on either kind: once, on the embedded default.
  it.runIf(kind === 'pglite')('says which command to run when the modality has no vectors, and refuses a learner without the database', async () => {
    const image = await fewshot(['train', 'sasrec', '--from-database', '--learner', 'image', '--epochs', '1'], env);
    expect(image.code).not.toBe(0);
    expect(image.stderr).toContain('fewshot: the database has no image vectors: run npx fewshot features --modality image first');
    const unknown = await fewshot(['train', 'sasrec', '--from-database', '--learner', 'text', '--encoder', 'use-lite', '--epochs', '1'], env);
    expect(unknown.stderr).toContain('no text vectors from encoder use-lite; stored: test-text@v1 (30 items)');
    const folder = await fewshot(['train', 'sasrec', '--data', dir, '--learner', 'text'], env);
    expect(folder.stderr).toContain('the text learner reads item vectors from the database: use --from-database');
  }, 120_000);
});

/** Every stage of MML at toy size, so a CLI run takes seconds: one thread (a second costs more than it shares here). */
const TINY_MML = JSON.stringify({
  threads: 1,
  sasrec: { hiddenSize: 16, numLayers: 1, numHeads: 1, innerSize: 32, maxLength: 20 },
  pretrain: { epochs: 2, batchSize: 64 },
  meta: { outerSteps: 4, metaBatch: 8 },
  generator: { epochs: 1, neighbours: 4 },
  fusion: { epochs: 3, mlpSize: 16, supportLength: 4 },
  bounded: { steps: 2 },
  paper: { steps: 3 },
});

describe.each(targets)('fewshot train mml and fewshot eval on $kind', ({ kind, open }) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let dispose: () => Promise<void>;
  let db: Database | undefined;

  beforeAll(async () => {
    ({ dir, env, dispose, db } = await prepareTarget(kind, open, 'fewshot-mml-'));
  });
  afterAll(async () => {
    await dispose?.();
    await rm(dir, { recursive: true, force: true });
  });

  // On PostgreSQL where there is one: the embedded default's read, and the same printing, are the --data test's below.
  it.runIf(kind === TRAINED_KIND)('trains, evaluates and stores a READY version, printing its id and the metrics table', async () => {
    const json = path.join(dir, 'mml.json');
    const run = await fewshot(['train', 'mml', '--from-database', '--config', TINY_MML, '--name', 'cli test', '--json', json], env);
    expect(run.stderr).toContain(`${USERS} users, ${ITEMS} items, ${USERS * 8} events; learners: id, text (test-text@v1)`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/model version \d+ is READY \(training run \d+/);
    // Each stage with its seconds and the engine heap it ended at.
    expect(run.stdout).toMatch(/stages \(seconds, engine heap after\): pretrain:id \d+ s, \d+ MB · meta:id/);
    expect(run.stdout).toMatch(/\| mml \| /);
    expect(run.stdout).toMatch(/\| markov \| /);
    expect(run.stdout).toMatch(/users without history get the most picked over (all time|the last \d+ days|each user's first (event|\d+ events)): \S/);
    // Every item here has events from the start: nothing new at the split to keep a slot for.
    expect(run.stdout).toContain('new-item slots: no item was new at the split time, nothing to replay');
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.firstItems.candidates).toHaveLength(7);
    expect(report.methods.mml['ndcg@10']).toEqual({ mean: expect.any(Number), std: 0 });
    expect(report.protocol.modalities).toEqual(['id', 'text']);
    if (db) {
      const version = await db.prisma.modelVersion.findUniqueOrThrow({ where: { id: report.versionId } });
      expect(version).toMatchObject({ name: 'cli test', status: 'READY', encoders: { TEXT: { name: 'test-text', version: 'v1', dimension: 16 } } });
      expect(version.artifactBytes).toBe(report.artifactBytes);
    }
  }, 180_000);

  // Seeds, baselines, the JSON and compare-evals do not depend on the kind: once, on the embedded default (its read of
  // the database is tested here and by the --data test), saves a 35 s evaluation.
  it.runIf(kind === 'pglite')('evaluates over seeds with every baseline and writes the JSON the issue names', async () => {
    const json = path.join(dir, 'eval.json');
    const ranks = path.join(dir, 'eval.ranks.json');
    const run = await fewshot(['eval', '--from-database', '--config', TINY_MML, '--seeds', '2', '--n', '5,6', '--json', json, '--ranks', ranks, '--transition-grid', '1', '--tie-orders', '2', '--new-item-slots', '2'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('# Cold-start evaluation (cold-start v1)');
    expect(run.stdout).toContain('## users without history: their first pick, ranked by counts');
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.protocol).toMatchObject({ seeds: [1, 2], ns: [5, 6], headlineN: 6 });
    expect(report.firstItems).toMatchObject({ chosen: { kind: expect.any(String) }, newUsers: report.protocol.newUsers });
    for (const method of ['mml', 'popularity', 'markov', 'sasrec', 'sasrec-finetune', 'sasrec-new-users', 'text-only', 'mml-equal-fusion', 'mml-no-generator']) {
      expect(report.methods[method]?.['recall@10'], method).toEqual({ mean: expect.any(Number), std: expect.any(Number) });
    }
    expect(Object.keys(report.slices)).toEqual(expect.arrayContaining(['n=5', 'n=6']));
    expect(report.methods['mml+transitions(1)']?.['ndcg@10']).toEqual({ mean: expect.any(Number), std: expect.any(Number) });
    expect(report.methods['mml+tie-orders(2)']?.['ndcg@10']).toEqual({ mean: expect.any(Number), std: expect.any(Number) });
    // New-item slots asked for, but every item of this small catalog has old users' events before the split: the
    // report says nothing could be replayed (packages/model's tests replay a catalog with new items).
    expect(report.protocol.newItems).toBe(0);
    expect(report.newItemSlots).toMatchObject({ listLength: 10, newItemEvents: 0, outcomes: [] });
    expect(run.stdout).toContain('No item is new at the split time');
    expect(report.ranks).toBeUndefined(); // ranks go to their own file
    const written = JSON.parse(await readFile(ranks, 'utf8'));
    expect(written.ranks['n=6'].users).toHaveLength(report.protocol.newUsers);
    expect(written.ranks['n=6'].methods.mml).toHaveLength(2); // one array per seed

    // A run compared with itself: every method ties on every case.
    const same = await fewshot(['compare-evals', ranks, ranks, '--slice', 'n=5'], env);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('# eval against eval (n=5, NDCG@10, paired per case, seeds averaged per case)');
    expect(same.stdout).toMatch(new RegExp(`\\| mml \\| [0-9.]+ \\| [0-9.]+ \\| \\+0\\.0000 \\| \\[0\\.0000, 0\\.0000\\] \\| 0 / 0 / ${report.protocol.newUsers} \\|`));
    const missing = await fewshot(['compare-evals', ranks, ranks, '--slice', 'n=7'], env);
    expect(missing.stderr).toContain('no slice "n=7" in');
    expect(missing.stderr).toContain('both runs have: n=5, n=6');
    const notRanks = await fewshot(['compare-evals', ranks, json], env);
    expect(notRanks.stderr).toContain(`${json} is not a ranks file: write one with fewshot eval … --ranks FILE`);
  }, 240_000);

  // Argument checks do not depend on the database's kind: once, on the embedded default. A few as an operator meets
  // them (a child process, its printed message); the rest parsed in this process (argumentError), a second each less.
  it.runIf(kind === 'pglite')('refuses unclear or wrong arguments with a message that says what to do', async () => {
    const neither = await fewshot(['train', 'mml'], env);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('say what to train on: --from-database, or --data DIR to import a dataset folder first');
    const typo = await fewshot(['train', 'mml', '--from-database', '--config', '{"meta":{"outerStep":3}}'], env);
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain('--config: unknown key config.meta.outerStep (known: enabled, outerSteps,');
    const orders = await fewshot(['eval', '--from-database', '--tie-orders', '0'], env);
    expect(orders.code).not.toBe(0);
    expect(orders.stderr).toContain("option '--tie-orders <count>' argument '0' is invalid. expected a positive integer");
    const images = await fewshot(['eval', '--from-database', '--images', dir], env);
    expect(images.stderr).toContain('--images and --image-map go with --data');
    // Needs the database's users to tell.
    const tooMany = await fewshot(['eval', '--from-database', '--validation', '--folds', '9'], env);
    expect(tooMany.stderr).toContain('leave room for at most 4 validation folds (the earliest fold needs users to train on), got 9');

    // A settings check runs before anything is read: against a folder that does not exist, any other error would be about the folder.
    const missing = path.join(dir, 'no-such-dataset');
    const config = (json: string) => argumentError(['eval', '--data', missing, '--config', json]);
    expect(await config('{"sasrec":{"loss":"hinge"}}')).toContain('--config: config.sasrec.loss must be one of bpr, ce, got "hinge"');
    expect(await config('{"pretrain":{"windowAnchor":"middle"}}')).toContain('--config: config.pretrain.windowAnchor must be one of end, start, got "middle"');
    expect(await config('{"fusion":{"coldItems":"text"}}')).toContain('--config: config.fusion.coldItems must be one of generator, fused, got "text"');
    expect(await config('{"pretrain":{"shuffleTies":"yes"}}')).toContain('--config: config.pretrain.shuffleTies must be a boolean, got "yes"');
    expect(await config('{"pretrain":{"tieGapSeconds":-5}}')).toContain('--config: invalid MML settings: pretrain.tieGapSeconds must be 0 or more, got -5');
    expect(await config('{"sasrec":{"maskHistoryInLoss":1}}')).toContain('--config: config.sasrec.maskHistoryInLoss must be a boolean, got 1');
    expect(await argumentError(['eval', '--data', missing, '--n', '1,10'])).toContain('expected comma-separated whole numbers ≥ 2');
    expect(await argumentError(['eval', '--data', missing, '--folds', '3'])).toContain('--folds goes with --validation (the tuning protocol); the real new users are one fixed set');
    for (const grid of ['7,28', '7:0', 'a:1', '7:1:2']) {
      expect(await argumentError(['eval', '--data', missing, '--recency-grid', grid]), grid).toContain('expected half-lives in days, a colon, then weights, all positive numbers: e.g. 7,28:0.5,1');
    }
    expect(await argumentError(['eval', '--data', missing, '--new-item-within', '50'])).toContain('--new-item-within goes with --new-item-slots (the slot counts it bounds)');
    expect(await argumentError(['eval', '--data', missing, '--new-item-slots', '1', '--new-item-within', '0'])).toContain('expected comma-separated whole numbers ≥ 1 (how near the top a new item must rank to fill a slot), e.g. 20,50,100');
    for (const slots of ['11', 'a', '-1', '1.5']) {
      expect(await argumentError(['eval', '--data', missing, '--new-item-slots', slots]), slots).toContain('expected comma-separated whole numbers from 0 to 10 (places of a list of 10 kept for new items), e.g. 1,2');
    }
    for (const grid of ['0.5,-1', 'a', '0']) {
      expect(await argumentError(['eval', '--data', missing, '--transition-grid', grid]), grid).toContain('expected comma-separated positive numbers, e.g. 0.25,0.5,1');
    }
  }, 120_000);
});

/**
 * Parses `fewshot ARGS` in this process, as bin/fewshot.mjs would, and answers the error it stops with: commander's
 * option checks and the checks an action makes before it does anything. Fails the test if the arguments pass.
 */
async function argumentError(args: string[]): Promise<string> {
  const program = new Command('fewshot').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  for (const registerCommand of cliCommands) registerCommand(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`fewshot ${args.join(' ')} was accepted`);
}

describe('fewshot train mml --data DIR', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-mml-data-'));
    const data = path.join(dir, 'dataset');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(data);
    // Generic format, no images: 30 titled items, 30 users whose first events are a minute apart.
    await writeFile(path.join(data, 'items.jsonl'), Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `i${i}`, title: `Film number ${i} about ${['cats', 'ships', 'trains'][i % 3]}` })).join('\n'));
    await writeFile(path.join(data, 'interactions.jsonl'), Array.from({ length: 30 }, (_, u) => Array.from({ length: 8 }, (_, t) => JSON.stringify({
      user: `u${u}`, item: `i${(u * 7 + t * 3) % 30}`, timestamp: 1_700_000_000 + u * 60 + t,
    }))).flat().join('\n'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('imports the folder and its text vectors into the database, then trains and stores a version', async () => {
    const run = await fewshot(['train', 'mml', '--data', path.join(dir, 'dataset'), '--config', TINY_MML], { FEWSHOT_DATA_DIR: path.join(dir, 'state'), DATABASE_URL: '' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('imported generic');
    expect(run.stderr).toMatch(/30 users, 30 items, 240 events; learners: id, text \(use-lite@/);
    expect(run.stdout).toMatch(/model version 1 is READY/);
  }, 180_000);
});

describe('describeSlotsReplay', () => {
  it('prints each slot count\'s hits gained on new items and lost on others per 1,000 lists', () => {
    const replay = summarizeSlots({
      policies: [{ slots: 0 }, { slots: 1 }], listLength: 10, events: 10, newItemEvents: 1, newCases: 2, otherCases: 4,
      places: [[Int32Array.of(10, 10, 0, 3, 9, 10)], [Int32Array.of(4, 10, 0, 3, 10, 10)]],
      shown: [[Uint8Array.of(0, 0, 0, 0, 0, 1)], [Uint8Array.of(1, 1, 1, 1, 1, 1)]],
    }, { resamples: 10 });
    expect(describeSlotsReplay(replay)).toBe('new-item slots, replayed on the 10 events after the split (1 of them a new item), hits on new items gained / on others lost per 1,000 lists of 10: 1 slot +50.0 / −225.0');
  });
});
