export { openDatabase, redactUrl, type Database, type DatabaseKind, type OpenDatabaseOptions } from './database.ts';
export type { ListenHandlers, Listening } from './listen.ts';
export { migrate, listMigrations, type MigrationResult } from './migrate.ts';
export { PgliteFolderInUseError, type PgliteLockHolder } from './pglite-lock.ts';
export { dataDirectory, repositoryRoot } from './paths.ts';
export { quoteIdent, type SqlDriver, type SqlExecutor } from './sql-driver.ts';
export * from '../generated/client.ts';
