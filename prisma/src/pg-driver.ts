import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyStatement, type SqlDriver, type SqlExecutor } from './sql-driver.ts';

function executorFor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
    async copyFromCsv(table, columns, csv) {
      // COPY needs one connection for the whole stream; a pool borrows one when not in a transaction.
      const connection = 'release' in client ? client : await client.connect();
      try {
        await pipeline(Readable.from([csv]), connection.query(copyFrom(copyStatement(table, columns, 'STDIN'))));
      } finally {
        if (connection !== client) (connection as pg.PoolClient).release();
      }
    },
  };
}

/** Raw SQL over a `pg` pool; transactions pin one pooled connection. */
export function createPgDriver(pool: pg.Pool): SqlDriver {
  return {
    ...executorFor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executorFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
