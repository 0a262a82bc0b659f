import type { Command } from 'commander';
import { ml100kDir } from '@fewshot/pipeline/data/shared-datasets';

export interface ImportBenchOptions {
  data: string;
  runs: string;
  json?: string;
}

/**
 * `fewshot bench import`: imports a dataset (default ML-100K) from scratch into a fresh PGlite database and a fresh
 * PostgreSQL database, several times each, and reports medians. A parse-only pass over the same files is the
 * baseline that every engine's time is compared with, measured in the same process.
 */
export function registerImportBenchmark(bench: Command): void {
  bench
    .command('import')
    .description('Import throughput (interactions/s) into PGlite and PostgreSQL')
    .option('--data <dir>', 'dataset folder', ml100kDir)
    .option('--runs <n>', 'imports per engine (the median is reported)', '3')
    .option('--json <file>', 'write the results as JSON')
    .action(async (options: ImportBenchOptions) => {
      const { runImportBenchmark } = await import('./import-action.ts');
      await runImportBenchmark(options);
    });
}
