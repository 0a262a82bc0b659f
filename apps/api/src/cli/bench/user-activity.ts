import type { Command } from 'commander';
import { ml100kDir } from '@fewshot/pipeline/data/shared-datasets';
import { positiveInt } from '../arguments.ts';

export interface UserActivityBenchOptions {
  events: number;
  users: number;
  runs: number;
  writes: number;
  importData: string;
  json?: string;
}

/**
 * `fewshot bench user-activity`: what keeping user_activity by triggers costs and saves. Reads: the users page by
 * recent activity and the overview's active-user counts, from user_activity, against the same answers aggregated from
 * every event (what they did before), on a synthetic history. Writes: recording events through the api's
 * recordInteractions and importing a dataset, with the activity triggers on and off in alternate rounds. On PGlite
 * and, where it is reachable, PostgreSQL; every ratio is from the same database in the same process.
 */
export function registerUserActivityBenchmark(bench: Command): void {
  bench
    .command('user-activity')
    .description('Recently active users read from user_activity vs aggregated from every event, and what its triggers add to writes (PGlite and PostgreSQL)')
    .option('--events <count>', 'synthetic events to read over', positiveInt, 1_000_000)
    .option('--users <count>', 'synthetic users they belong to', positiveInt, 50_000)
    .option('--runs <n>', 'rounds of each measurement (medians are reported)', positiveInt, 5)
    .option('--writes <count>', 'events recorded per write measurement and mode', positiveInt, 400)
    .option('--import-data <dir>', 'dataset imported with the triggers on and off (skipped where absent)', ml100kDir)
    .option('--json <file>', 'write the results as JSON')
    .action(async (options: UserActivityBenchOptions) => {
      const { runUserActivityBenchmark } = await import('./user-activity-action.ts');
      await runUserActivityBenchmark(options);
    });
}
