import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { migrate, openDatabase, type Database } from '@fewshot/db';
import { markdownTable } from '@fewshot/model/coldstart';
import { DEFAULT_ENCODER_SPECS } from '@fewshot/features/encoder-spec';
import { computeFeatures } from '@fewshot/pipeline/features';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { trainModelVersion } from '@fewshot/pipeline/train';
import { nonNegativeInt } from '../arguments.ts';
import { parseMmlConfigOption } from '../config-option.ts';
import { describeSnapshot } from '../describe-snapshot.ts';
import { abortOnInterrupt } from '../interrupt.ts';
import { createCliImportProgress } from '../import-progress.ts';
import { createProgress } from '../progress.ts';
import { createStageProgress } from '../stage-progress.ts';
import { describeReport } from './import.ts';

interface TrainMmlCommandOptions {
  data?: string;
  fromDatabase?: boolean;
  images?: string;
  imageMap?: string;
  databaseUrl?: string;
  seed?: number;
  name?: string;
  config?: string;
  textEncoder?: string;
  imageEncoder?: string;
  json?: string;
}

const HEADLINE_COLUMNS = ['recall@5', 'recall@10', 'recall@20', 'ndcg@5', 'ndcg@10', 'ndcg@20', 'mrr@10'];

/**
 * `fewshot train mml`: trains MML on the database (or on a dataset folder imported into it first), evaluates the
 * model on the cold-start split and stores it as a READY model version, printing its id and metrics.
 */
export function registerTrainMmlCommand(train: Command): void {
  train
    .command('mml')
    .description('Train MML (meta-learned ID, text and image learners, item embedding generator, fusion) on the cold-start split, evaluate it, and store it as a model version')
    .option('--from-database', 'train on what the database holds (users, items, events, stored feature vectors)')
    .option('--data <dir>', 'import this dataset folder into the database first (idempotent), compute missing features, then train')
    .option('--images <dir>', 'with --data: folder of item images (the image learner needs them)')
    .option('--image-map <file>', 'with --data: TSV/CSV mapping item id → image key')
    .option('--seed <n>', 'seed for every random choice (default 42)', nonNegativeInt)
    .option('--name <name>', 'the model version\'s name (default "mml" and the time)')
    .option('--config <json|file>', 'overrides of the MML settings, e.g. \'{"meta":{"outerSteps":200}}\' (see packages/model/src/mml/config.ts)')
    .option('--text-encoder <name[@version]>', 'stored text vectors to train on (default: the encoder covering most items)')
    .option('--image-encoder <name[@version]>', 'stored image vectors to train on (default: the encoder covering most items)')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database)')
    .option('--json <file>', 'write the run (ids, metrics, stage times) as JSON')
    .action(async (options: TrainMmlCommandOptions) => {
      if (options.data && options.fromDatabase) throw new Error('give either --data DIR or --from-database, not both');
      if (!options.data && !options.fromDatabase) throw new Error('say what to train on: --from-database, or --data DIR to import a dataset folder first');
      if ((options.images || options.imageMap) && !options.data) throw new Error('--images and --image-map go with --data');
      const overrides = parseMmlConfigOption(options.config);
      if (options.seed !== undefined) overrides.seed = options.seed;
      const db = await openDatabase({ url: options.databaseUrl });
      const stop = abortOnInterrupt('stopping at the next check; the run is recorded as FAILED');
      const stages = createStageProgress();
      try {
        await migrate(db.sql);
        if (options.data) await importAndEncode(db, options, stop.signal);
        const result = await trainModelVersion({
          db,
          config: overrides,
          name: options.name,
          encoders: { text: options.textEncoder, image: options.imageEncoder },
          signal: stop.signal,
          onSnapshot: (s) => process.stderr.write(`database ${db.location}: ${describeSnapshot(s)}\n`),
          onProgress: (p) => stages.update(p.stage, p.stageFraction, p.message),
        });
        stages.stop();
        const headline = `n=${result.metrics.protocol.headlineN}`;
        console.log(`model version ${result.versionId} is READY (training run ${result.runId}, ${(result.artifactBytes / 1e6).toFixed(1)} MB artifact, ${result.seconds.toFixed(0)} s)`);
        console.log(`cold-start evaluation of this version: ${result.metrics.protocol.newUsers} new users at ${headline}, history masked`);
        console.log(markdownTable(result.metrics.methods, HEADLINE_COLUMNS));
        if (options.json) {
          await writeFile(options.json, `${JSON.stringify({ versionId: result.versionId, runId: result.runId, artifactBytes: result.artifactBytes, ...result.evaluation, seconds: result.seconds }, null, 2)}\n`);
          console.log(`wrote ${options.json}`);
        }
      } finally {
        stages.stop();
        stop.dispose();
        await db.close();
      }
    });
}

/** --data: the folder goes into the database like `fewshot import`, then its missing vectors like `fewshot features`. */
async function importAndEncode(db: Database, options: TrainMmlCommandOptions, signal: AbortSignal): Promise<void> {
  const report = await importDataset(db, {
    dataset: openDataset(options.data!, 'auto'),
    images: options.images ? { dir: options.images, map: options.imageMap } : undefined,
    progress: createCliImportProgress(),
  });
  console.log(describeReport(report, db.location));
  const specs = options.images ? [DEFAULT_ENCODER_SPECS.TEXT, DEFAULT_ENCODER_SPECS.IMAGE] : [DEFAULT_ENCODER_SPECS.TEXT];
  const bar = createProgress({ label: 'features', unit: 'items' });
  let total = 0;
  try {
    await computeFeatures({
      sql: db.sql,
      specs,
      signal,
      onPlan: ({ missing }) => bar.setTotal((total += missing)),
      onBatch: ({ ready, failed }) => bar.increment(ready + failed),
    });
  } finally {
    bar.stop();
  }
  signal.throwIfAborted();
}
