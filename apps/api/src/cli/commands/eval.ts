import { InvalidArgumentError, Option, type Command } from 'commander';
import { nonNegativeInt, positiveInt } from '../arguments.ts';
import { DEFAULT_COLD_THRESHOLD } from '../../defaults.ts';
import { IMPORT_FORMATS, type ImportFormat } from '@fewshot/pipeline/import/formats';

export interface EvalCommandOptions {
  data?: string;
  fromDatabase?: boolean;
  format: ImportFormat;
  images?: string;
  imageMap?: string;
  seeds: number;
  seed: number;
  n: number[];
  headline?: number;
  validation?: boolean;
  folds?: number;
  recencyGrid?: { halfLifeDays: number[]; weights: number[] };
  transitionGrid?: number[];
  tieOrders?: number;
  newItemSlots?: number[];
  newItemWithin?: number[];
  slotSample: number;
  coldThreshold: number;
  config?: string;
  databaseUrl?: string;
  cacheDir?: string;
  json?: string;
  markdown?: string;
  ranks?: string;
}

/**
 * `fewshot eval`: the whole cold-start protocol (mml-method.md, cold-start v1) on any dataset: MML and every
 * baseline over seeds, per history length and for new items, as a markdown table and JSON.
 */
export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('Evaluate MML and every baseline on the cold-start protocol (time split, new users cut to n events, full ranking) over several seeds')
    .option('--data <dir>', 'a dataset folder in any import format (imported with its features into a cached evaluation database, never the platform\'s)')
    .option('--from-database', 'evaluate on what the platform database holds')
    .addOption(new Option('--format <format>', 'with --data: input format').choices(IMPORT_FORMATS).default('auto'))
    .option('--images <dir>', 'with --data: folder of item images (without it, only the ID and text learners run)')
    .option('--image-map <file>', 'with --data: TSV/CSV mapping item id → image key')
    .option('--seeds <count>', 'how many seeds (each trains the whole model once)', positiveInt, 1)
    .option('--seed <first>', 'the first seed; the others follow it', nonNegativeInt, 1)
    .option('--n <list>', 'new users\' history lengths, comma-separated: each cuts new users to n events and predicts the last (below 4, the protocol\'s validation event is not held out, as in serving)', lengthList, [5, 10, 20])
    .option('--headline <n>', 'the history length the JSON puts at the top (default 10, else the middle of --n)', positiveInt)
    .option('--validation', 'the tuning protocol: split old users\' pre-split data again and evaluate on the late old users, never looking at a real new user (choose settings with this, report without it)')
    .option('--folds <count>', 'with --validation: repeat the tuning protocol that many windows back in time (each trains its own models) and pool their users, for a steadier signal (at most 4)', positiveInt)
    .option('--recency-grid <days:weights>', 'also rank mml, id-only and sasrec with what was popular at the split time added, per half-life in days and weight, e.g. 7,28:0.5,1 (methods <name>+recent(<days>d,<weight>))', recencyGrid)
    .option('--transition-grid <weights>', 'also rank mml, id-only and sasrec with the item-transition (Markov) scores added, per weight, e.g. 0.25,0.5,1 (methods <name>+transitions(<weight>))', positiveList)
    .option('--tie-orders <count>', 'also rank mml with its scores averaged over that many orders of each history within runs of equal timestamps (method mml+tie-orders(<count>))', positiveInt)
    .option('--new-item-slots <list>', 'also replay every event after the split as the list of 10 mml would have served just before it, with this many places kept for items it was not trained on, e.g. 1,2 (0 is always replayed, to compare with): what each count costs and gains', slotList)
    .option('--new-item-within <ranks>', 'with --new-item-slots: also replay each slot count filled only by new items the user\'s scores rank within the top R of all, per R, e.g. 20,50,100', rankList)
    .option('--slot-sample <count>', 'with --new-item-slots: events whose item is not new replayed at most (every new-item event is)', nonNegativeInt, 3000)
    .option('--cold-threshold <events>', 'with --new-item-slots: users with fewer events are adapted before their list is made, as serving does (FEWSHOT_COLD_THRESHOLD)', nonNegativeInt, DEFAULT_COLD_THRESHOLD)
    .option('--config <json|file>', 'overrides of the MML settings (see packages/model/src/mml/config.ts)')
    .option('--cache-dir <dir>', 'with --data: where evaluation databases are kept (default <data dir>/eval-cache)')
    .option('--database-url <url>', 'with --from-database: PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database)')
    .option('--json <file>', 'write the whole report as JSON (methods.<name>.<metric>@<k> = {mean, std} at the headline n)')
    .option('--markdown <file>', 'write the report as markdown')
    .option('--ranks <file>', 'write every case\'s rank per method and seed, for fewshot compare-evals (two settings compared user by user)')
    .action(async (options: EvalCommandOptions) => {
      if (options.data && options.fromDatabase) throw new Error('give either --data DIR or --from-database, not both');
      if (!options.data && !options.fromDatabase) throw new Error('say what to evaluate: --data DIR (a dataset folder) or --from-database');
      if ((options.images || options.imageMap) && !options.data) throw new Error('--images and --image-map go with --data');
      if (options.imageMap && !options.images) throw new Error('--image-map needs --images (the folder the mapped files are in)');
      if (options.newItemWithin && !options.newItemSlots) throw new Error('--new-item-within goes with --new-item-slots (the slot counts it bounds)');
      if (options.folds !== undefined && !options.validation) throw new Error('--folds goes with --validation (the tuning protocol); the real new users are one fixed set');
      const headlineN = options.headline ?? (options.n.includes(10) ? 10 : options.n[Math.floor(options.n.length / 2)]!);
      if (!options.n.includes(headlineN)) throw new Error(`--headline ${headlineN} is not one of --n ${options.n.join(',')}`);
      const { runEval } = await import('./eval-action.ts');
      await runEval(options, headlineN);
    });
}

function recencyGrid(value: string): { halfLifeDays: number[]; weights: number[] } {
  const [days, weights] = value.split(':').map((part) => part.split(',').map((x) => Number(x.trim())));
  if (!days || !weights || value.split(':').length !== 2 || [...days, ...weights].some((x) => !(Number.isFinite(x) && x > 0))) {
    throw new InvalidArgumentError('expected half-lives in days, a colon, then weights, all positive numbers: e.g. 7,28:0.5,1');
  }
  return { halfLifeDays: days, weights };
}

function slotList(value: string): number[] {
  const slots = value.split(',').map((part) => Number(part.trim()));
  // 10: the replayed lists' length (recommendations' default `first`).
  if (slots.some((k) => !Number.isInteger(k) || k < 0 || k > 10)) throw new InvalidArgumentError('expected comma-separated whole numbers from 0 to 10 (places of a list of 10 kept for new items), e.g. 1,2');
  return [...new Set([0, ...slots])].sort((a, b) => a - b);
}

function rankList(value: string): number[] {
  const ranks = value.split(',').map((part) => Number(part.trim()));
  if (ranks.some((r) => !Number.isInteger(r) || r < 1)) throw new InvalidArgumentError('expected comma-separated whole numbers ≥ 1 (how near the top a new item must rank to fill a slot), e.g. 20,50,100');
  return [...new Set(ranks)].sort((a, b) => a - b);
}

function positiveList(value: string): number[] {
  const values = value.split(',').map((part) => Number(part.trim()));
  if (values.some((x) => !(Number.isFinite(x) && x > 0))) throw new InvalidArgumentError('expected comma-separated positive numbers, e.g. 0.25,0.5,1');
  return [...new Set(values)];
}

function lengthList(value: string): number[] {
  const lengths = value.split(',').map((part) => Number(part.trim()));
  // 2 is newUserTasks' MIN_HISTORY_LENGTH, repeated here so the CLI starts without loading the model package.
  if (lengths.some((n) => !Number.isInteger(n) || n < 2)) throw new InvalidArgumentError('expected comma-separated whole numbers ≥ 2 (n events: the first n − 1 known, the next one predicted)');
  return [...new Set(lengths)].sort((a, b) => a - b);
}
