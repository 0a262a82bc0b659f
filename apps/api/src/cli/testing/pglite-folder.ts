// Test support: the embedded database in a folder, opened by the test between the CLI's runs (one process at a time).
import { openDatabase, type Database } from '@fewshot/db';

/** Opens the PGlite database in `pgliteDir` for `work` and closes it again, so a CLI run can open it next. */
export async function withPgliteFolder<T>(pgliteDir: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: '', pgliteDir });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
