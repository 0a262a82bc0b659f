import type { Command } from 'commander';

export interface FeaturesBenchOptions {
  json?: string;
  runs: string;
  imageSample: string;
  workers?: string;
}

/**
 * `fewshot bench features`: text and image throughput on this machine, and the wall time to featurise all of
 * ML-100K with posters from scratch (fresh database, encoders started cold, text and images together).
 */
export function registerFeaturesBenchmark(bench: Command): void {
  bench
    .command('features')
    .description('Items/s for the text and image encoders, and the from-scratch time to featurise ML-100K with posters')
    .option('--json <file>', 'write the results as JSON')
    .option('--runs <n>', 'repetitions (medians are reported)', '1')
    .option('--image-sample <n>', 'items for the image-only throughput phase', '400')
    .option('--workers <n>', 'image worker threads (default: one per core)')
    .action(async (options: FeaturesBenchOptions) => {
      const { runFeaturesBenchmark } = await import('./features-action.ts');
      await runFeaturesBenchmark(options);
    });
}
