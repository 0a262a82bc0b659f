// Test support: interleaves two real transactions at a chosen statement (not part of the api itself).
import type { Database, SqlExecutor } from '@fewshot/db';

export interface PausingDatabase {
  /** `db` whose next transaction stops right after its first statement matching the pattern. */
  db: Database;
  /** Resolves once that statement has run (its transaction open, its locks held). */
  atPause: Promise<void>;
  /** Lets the transaction go on. */
  resume(): void;
}

/**
 * The same database, whose transactions stop after the first statement matching `pattern` until `resume()`: another
 * connection can then act in between, at exactly that point, as a concurrent request might. PostgreSQL only (PGlite
 * runs one statement at a time, so the other side would wait for the paused transaction).
 */
export function pausingAfter(db: Database, pattern: RegExp): PausingDatabase {
  let reached!: () => void;
  let resume!: () => void;
  const atPause = new Promise<void>((resolve) => (reached = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  let paused = false;
  const wrap = (tx: SqlExecutor): SqlExecutor => ({
    ...tx,
    query: async <Row,>(text: string, params?: readonly unknown[]) => {
      const rows = await tx.query<Row>(text, params);
      if (!paused && pattern.test(text)) {
        paused = true;
        reached();
        await resumed;
      }
      return rows;
    },
  });
  return { db: { ...db, sql: { ...db.sql, transaction: (work) => db.sql.transaction((tx) => work(wrap(tx))) } }, atPause, resume };
}
