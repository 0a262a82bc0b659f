import path from 'node:path';
import type { Command } from 'commander';
import { dataDirectory } from '@fewshot/db/paths';

export interface OnboardingBenchOptions {
  items: string;
  json?: string;
  workers: string;
  dir: string;
  databaseUrl?: string;
  timeout: string;
}

export const AIM_SECONDS = 2;
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * `fewshot bench onboarding`: the new-item flow without retraining, timed from sending createItem until the item is
 * in `similarItems` and in `recommendations`: the api (with Redis job queues under a prefix of its own) on the
 * `bench serve` demo catalog and its active version, FEWSHOT_ONBOARDING_WAIT_MS=0 so the mutation answers at once,
 * the features and warm-up jobs run by the api's embedded workers or a separate worker process. The first item also
 * loads the encoders: reported apart; the median over the others is the headline.
 */
export function registerOnboardingBenchmark(bench: Command): void {
  bench
    .command('onboarding')
    .description(`Seconds from createItem to the item in recommendations and similarItems, without retraining (aim: under ${AIM_SECONDS} s)`)
    .option('--items <n>', 'items to create (the first one also loads the encoders and is reported apart)', '7')
    .option('--json <file>', 'write the results as JSON')
    .option('--workers <embedded|separate>', 'run the jobs in the api process, or in a worker process (needs --database-url)', 'embedded')
    .option('--dir <dir>', "where the bench databases are kept between runs (shared with bench serve)", path.join(dataDirectory(), 'bench', 'serve'))
    .option('--database-url <url>', 'a PostgreSQL database for the catalog instead of PGlite (filled with the demo catalog the first time); --workers separate needs one, since a worker cannot open the api\'s PGlite folder')
    .option('--timeout <seconds>', 'give up on an item after this long', '120')
    .action(async (options: OnboardingBenchOptions) => {
      const count = Number(options.items);
      const timeoutSeconds = Number(options.timeout);
      if (!Number.isInteger(count) || count < 2 || count > 100) throw new Error('--items must be a whole number from 2 to 100 (the first item is reported apart)');
      if (!(timeoutSeconds > 0)) throw new Error('--timeout must be a positive number of seconds');
      if (options.workers !== 'embedded' && options.workers !== 'separate') throw new Error('--workers must be embedded or separate');
      if (options.workers === 'separate' && !options.databaseUrl) throw new Error('--workers separate needs --database-url (PostgreSQL): a worker process cannot open the api\'s PGlite folder');
      const { runOnboardingBenchmark } = await import('./onboarding-action.ts');
      await runOnboardingBenchmark(options, { count, timeoutSeconds });
    });
}
