import type { Database } from '@fewshot/db';
import { readEnv } from '../../env.ts';
import { createServing, type Serving } from '../../serving/serving-state.ts';
import type { DatabaseOption } from './database-option.ts';
import { withDatabase } from './with-database.ts';

/**
 * Runs `work` with the database's active model version loaded in this process as an api replica configured by the
 * same environment would serve it (FEWSHOT_COLD_THRESHOLD, FEWSHOT_NEW_ITEM_SLOTS, FEWSHOT_NEW_ITEM_WITHIN, a running
 * trial's arms), so that the CLI answers what the api answers. Cold users are adapted on this thread (no worker
 * threads for one question), nothing is kept between runs and nothing is recorded as shown.
 */
export function withServing<T>(options: DatabaseOption, work: (db: Database, serving: Serving) => Promise<T>): Promise<T> {
  const env = readEnv();
  return withDatabase(options, async (db) => {
    const serving = createServing(db, { ...env, FEWSHOT_ADAPTATION_THREADS: 0, FEWSHOT_RESULT_CACHE: 0, FEWSHOT_SERVED_LIST_SAMPLE: 0 }, (line) => process.stderr.write(`${line.replace(/^fewshot api: /, 'fewshot: ')}\n`));
    try {
      await serving.registry.refresh();
      const problem = serving.registry.status().lastError;
      if (problem) process.stderr.write(`the active model version could not be loaded (${problem}); answering as the api would without it\n`);
      return await work(db, serving);
    } finally {
      await serving.registry.close();
    }
  });
}
