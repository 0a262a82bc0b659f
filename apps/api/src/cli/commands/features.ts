import { Option, type Command } from 'commander';
import { nonNegativeInt, positiveInt } from '../arguments.ts';
import { DATABASE_URL_HELP } from './database-option.ts';

export interface FeaturesCommandOptions {
  modality: 'text' | 'image' | 'all';
  encoder: string[];
  batchSize?: number;
  workers?: number;
  retryFailed?: boolean;
  limit?: number;
  neighbours: number;
  showFailures?: boolean;
  databaseUrl?: string;
}

/**
 * `fewshot features`: computes the missing item feature vectors and recomputes stale ones (an item whose text or
 * image reference changed since), then caches item neighbours for the encoder set.
 */
export function registerFeaturesCommand(program: Command): void {
  program
    .command('features')
    .description('Compute missing item feature vectors (text, image) in batches, and recompute those of items whose text or image changed; resumable: a rerun continues where one stopped')
    .addOption(new Option('--modality <modality>', 'which modality to compute').choices(['text', 'image', 'all']).default('all'))
    .option(
      '--encoder <spec>',
      'encoder per modality (repeatable): use-lite, mobilenet-v2, onnx-text:/abs/model-dir[?pooling=mean|cls], ' +
        'onnx-image:/abs/model.onnx[?size=224&layout=nchw&mean=R,G,B&std=R,G,B&output=NAME]',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--batch-size <n>', 'items per stored batch (default 64 text, 32 images)', positiveInt)
    .option('--workers <n>', 'worker threads for the MobileNetV2 image encoder (default: one per core)', positiveInt)
    .option('--retry-failed', 'also retry items whose previous attempt failed on the same input (a changed input is always retried)')
    .option('--limit <n>', 'compute at most this many items per encoder', positiveInt)
    .option('--neighbours <k>', 'then compute and cache top-K item neighbours for the encoder set (0: skip)', nonNegativeInt, 10)
    .option('--show-failures', 'list the recorded failure reasons at the end')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: FeaturesCommandOptions) => {
      const { runFeatures } = await import('./features-action.ts');
      await runFeatures(options);
    });
}
