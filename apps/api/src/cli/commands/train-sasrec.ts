import { Option, type Command } from 'commander';
import type { KernelChoice } from '@fewshot/model/engine';

export interface TrainSasRecCommandOptions {
  data?: string;
  fromDatabase?: boolean;
  databaseUrl?: string;
  epochs: string;
  batchSize: string;
  lr: string;
  seed: string;
  threads?: string;
  kernels: KernelChoice;
  validateEvery: string;
  out?: string;
  json?: string;
  learner: 'id' | 'text' | 'image';
  encoder?: string;
}

/**
 * `fewshot train sasrec --data DIR`: the non-meta SASRec baseline, trained and evaluated by leave-one-out; with
 * `--learner text|image` the feature learner over the vectors `fewshot features` stored.
 */
export function registerTrainSasRecCommand(train: Command): void {
  train
    .command('sasrec')
    .description('Train SASRec (BPR, Adam) on a dataset folder or the database and evaluate the last item of each user by full ranking')
    .option('--data <dir>', 'dataset folder (RecBole atomic files or MovieLens CSV)')
    .option('--from-database', 'read the interactions from the database instead of a folder')
    .addOption(new Option('--learner <kind>', 'id: a trainable item table; text or image: items are Linear(feature) over the stored vectors (needs --from-database)')
      .choices(['id', 'text', 'image']).default('id'))
    .option('--encoder <name[@version]>', 'which stored encoder\'s vectors a text or image learner starts from (default: the one covering most items)')
    .option('--database-url <url>', 'PostgreSQL URL for --from-database (default: DATABASE_URL, else the embedded PGlite database)')
    .option('--epochs <n>', 'training epochs', '50')
    .option('--batch-size <n>', 'sequences per batch', '128')
    .option('--lr <rate>', 'Adam learning rate', '0.001')
    .option('--seed <n>', 'seed for init, batches, negatives and dropout', '42')
    .option('--threads <n>', 'training threads (default: all cores, at most 2)')
    .option('--kernels <path>', 'auto | wasm-relaxed-simd | wasm-simd | typescript', 'auto')
    .option('--validate-every <n>', 'validate every n epochs and test the best epoch (0: test the last)', '1')
    .option('--out <file>', 'write the trained weights (weight file format, see packages/model/README.md)')
    .option('--json <file>', 'write the run report as JSON')
    .action(async (options: TrainSasRecCommandOptions) => {
      if (options.learner !== 'id' && !options.fromDatabase) {
        throw new Error(`the ${options.learner} learner reads item vectors from the database: use --from-database (after npx fewshot features)`);
      }
      if (options.encoder && options.learner === 'id') throw new Error('--encoder applies to the text and image learners only');
      const { runTrainSasRec } = await import('./train-sasrec-action.ts');
      await runTrainSasRec(options);
    });
}
