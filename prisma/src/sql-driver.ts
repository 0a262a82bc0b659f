/**
 * The raw-SQL surface both engines share. Prisma covers ordinary reads and writes; bulk paths (import, feature
 * vectors) and the migrator need plain SQL, multi-statement scripts and COPY, which differ between `pg` and PGlite.
 */
export interface SqlExecutor {
  /** One parameterised statement ($1, $2, …); returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements without parameters. */
  exec(script: string): Promise<void>;
  /**
   * Bulk-loads rows given as CSV text (no header, `\N` never used: empty unquoted fields are NULL) into
   * `table(columns)`. PostgreSQL uses COPY FROM STDIN, PGlite COPY FROM '/dev/blob'.
   */
  copyFromCsv(table: string, columns: readonly string[], csv: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** Quotes an identifier such as a table or column name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}
