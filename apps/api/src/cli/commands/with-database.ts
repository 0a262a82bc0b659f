import { migrate, openDatabase, type Database } from '@fewshot/db';
import type { DatabaseOption } from './database-option.ts';

/** Opens the database a CLI command names (or the default), migrated, for `work`; closes it whatever happens. */
export async function withDatabase<T>(options: DatabaseOption, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: options.databaseUrl });
  try {
    await migrate(db.sql);
    return await work(db);
  } finally {
    await db.close();
  }
}
