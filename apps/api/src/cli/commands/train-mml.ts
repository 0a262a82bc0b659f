import type { Command } from 'commander';
import { nonNegativeInt } from '../arguments.ts';
import { DATABASE_URL_HELP } from './database-option.ts';

export interface TrainMmlCommandOptions {
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
    .option('--database-url <url>', DATABASE_URL_HELP)
    .option('--json <file>', 'write the run (ids, metrics, stage times) as JSON')
    .action(async (options: TrainMmlCommandOptions) => {
      if (options.data && options.fromDatabase) throw new Error('give either --data DIR or --from-database, not both');
      if (!options.data && !options.fromDatabase) throw new Error('say what to train on: --from-database, or --data DIR to import a dataset folder first');
      if ((options.images || options.imageMap) && !options.data) throw new Error('--images and --image-map go with --data');
      const { runTrainMml } = await import('./train-mml-action.ts');
      await runTrainMml(options);
    });
}
