import path from 'node:path';
import type { Command } from 'commander';
import { dataDirectory } from '@fewshot/db/paths';

export interface ServeBenchOptions {
  json?: string;
  duration: string;
  runs: string;
  connections: string;
  large: 'on' | 'off';
  largeItems: string;
  dir?: string;
  compareServedLists?: boolean;
  compareTrial?: boolean;
  compareRateLimits?: boolean;
  compareNewItemSlots?: boolean;
  databaseUrl?: string;
}

/**
 * `fewshot bench serve`: the api on the demo catalog with an active version, driven over loopback HTTP at fixed
 * concurrency: `{ __typename }` as the floor of our HTTP + GraphQL stack, then recommendations for warm users, cold
 * users (few-shot path) and anonymous sequences, interleaved round by round; then the same api on a synthetic
 * 100,000-item catalog for warm users. Medians over rounds; throughput as a fraction of the floor measured by the
 * same process in the same rounds.
 */
export function registerServeBenchmark(bench: Command): void {
  bench
    .command('serve')
    .description('Recommendation throughput and latency over HTTP (warm, cold, anonymous, 100k items) and event writes (one and 100 a request), against the { __typename } floor')
    .option('--json <file>', 'write the results as JSON')
    .option('--duration <seconds>', 'seconds per scenario and round', '5')
    .option('--runs <n>', 'rounds (medians are reported)', '3')
    .option('--connections <n>', 'concurrent connections', '32')
    .option('--large <on|off>', 'also the synthetic 100,000-item catalog', 'on')
    .option('--large-items <n>', 'items in the synthetic catalog', '100000')
    .option('--dir <dir>', 'where the bench databases are kept between runs', path.join(dataDirectory(), 'bench', 'serve'))
    .option('--database-url <url>', 'a PostgreSQL database for the demo catalog instead of PGlite (filled the first time, kept between runs); the 100,000-item catalog stays on PGlite')
    .option('--compare-served-lists', 'also measure the demo catalog with served lists not recorded (FEWSHOT_SERVED_LIST_SAMPLE=0), first, and report each scenario\'s ratio')
    .option('--compare-rate-limits', 'also measure the demo catalog with rate limits off (nothing counted), first, and report each scenario\'s ratio against the api counting every request')
    .option('--compare-new-item-slots', 'also measure the demo catalog without new-item slots (FEWSHOT_NEW_ITEM_SLOTS=0), first, and report each scenario\'s ratio against the default slot (one, within the top 50), with how many lists the slot changed')
    .option('--compare-trial', 'also measure the demo catalog while a trial serves half of the known users another copy of the version (two models loaded), and report each scenario\'s ratio and the api\'s resident memory')
    .action(async (options: ServeBenchOptions) => {
      const settings = { durationSeconds: Number(options.duration), runs: Number(options.runs), connections: Number(options.connections) };
      for (const [name, value] of Object.entries(settings)) if (!Number.isInteger(value) || value < 1) throw new Error(`--${name === 'durationSeconds' ? 'duration' : name} must be a positive integer`);
      const { runServeBenchmark } = await import('./serve-action.ts');
      await runServeBenchmark(options, settings);
    });
}
