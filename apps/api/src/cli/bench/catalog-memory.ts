import type { Command } from 'commander';
import { nonNegativeInt, positiveInt, positiveIntList } from '../arguments.ts';

export interface CatalogMemoryBenchOptions {
  items: number[];
  text: number;
  image: number;
  users: number;
  config?: string;
  json?: string;
}

/**
 * `fewshot bench catalog-memory`: how much of the training engine's 4 GiB heap MML takes per catalog size (synthetic
 * catalogs, every stage one epoch or a few steps), and about how large a catalog fits.
 */
export function registerCatalogMemoryBenchmark(bench: Command): void {
  bench
    .command('catalog-memory')
    .description('Training heap per catalog size (synthetic items with text and image vectors, one epoch per stage) and about how many items fit in the 4 GiB')
    .option('--items <list>', 'catalog sizes, comma-separated (the neighbour search is O(items²): a 60,000-item run took 4 min on 2 cores, 100,000 items 9 min)', positiveIntList, [9066, 20000, 40000])
    .option('--text <size>', 'text vector size (0: no text learner)', nonNegativeInt, 512)
    .option('--image <size>', 'image vector size (0: no image learner)', nonNegativeInt, 1280)
    .option('--users <count>', 'synthetic users of 20–51 events (the heap a step takes does not depend on them)', positiveInt, 128)
    .option('--config <json|file>', 'MmlConfig overrides, e.g. \'{"featureTable":"frozen"}\' or \'{"threads":1}\'')
    .option('--json <file>', 'write the results as JSON')
    .action(async (options: CatalogMemoryBenchOptions) => {
      const { runCatalogMemoryBenchmark } = await import('./catalog-memory-action.ts');
      await runCatalogMemoryBenchmark(options);
    });
}
