/**
 * The database package's configuration: the only file of @fewshot/db that reads process.env (style.md, guideline 2).
 * Read at call time, not at import: a process (the api, the CLI, a test) may settle its environment after importing.
 */
export interface DbEnv {
  /** PostgreSQL; unset or empty → the embedded PGlite database. */
  DATABASE_URL: string | undefined;
  /** Local state (PGlite, Redis persistence, logs); unset → `<repo>/data`. */
  FEWSHOT_DATA_DIR: string | undefined;
  /** The PostgreSQL server tests create their databases on; unset → the local server. */
  TEST_DATABASE_URL: string | undefined;
}

export function readDbEnv(source: NodeJS.ProcessEnv = process.env): DbEnv {
  return { DATABASE_URL: source.DATABASE_URL, FEWSHOT_DATA_DIR: source.FEWSHOT_DATA_DIR, TEST_DATABASE_URL: source.TEST_DATABASE_URL };
}
