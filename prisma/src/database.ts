import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/client.ts';
import { readDbEnv } from './env.ts';
import { dataDirectory } from './paths.ts';
import { acquirePgliteLock } from './pglite-lock.ts';
import { pgliteStartOptions } from './pglite-start.ts';
import { createPgDriver } from './pg-driver.ts';
import { createPgliteDriver } from './pglite-driver.ts';
import { listenPglite, listenPostgres, type ListenHandlers, type Listening } from './listen.ts';
import type { SqlDriver } from './sql-driver.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** An open database: Prisma for ordinary access, raw SQL for bulk paths, one `close()` for both. */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlDriver;
  /** Where the data lives, for logs: the URL without its password, or the PGlite folder. */
  location: string;
  /**
   * Receives the NOTIFY payloads sent on `channel` by any process using this database (see listen.ts for what a
   * dropped connection means). Close what it returns before closing the database.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<Listening>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; defaults to `DATABASE_URL`. When absent (or `''`, to ignore DATABASE_URL), PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder (ignored with a URL); defaults to `<data dir>/pglite`. `memory://` keeps it in memory. */
  pgliteDir?: string | undefined;
  /** Largest pool for PostgreSQL. */
  maxConnections?: number;
  /** Who opens a PGlite folder, in words, for the message a second opener gets (default: the command line). */
  owner?: string;
  /**
   * An in-memory PGlite starts as a copy of this data directory (a `dumpDataDir` tarball) instead of an empty one:
   * tests start from a migrated database without PGlite's initdb (testing/pglite-template.ts).
   */
  pgliteDataDir?: Blob;
}

/**
 * The one database factory: `DATABASE_URL` (or `url`) set → PostgreSQL through the pg adapter; unset → PGlite in a
 * local data folder. Nothing else in the project constructs a PrismaClient.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? readDbEnv().DATABASE_URL;
  return url ? openPostgres(url, options.maxConnections ?? 10) : openPglite(options.pgliteDir, options.owner ?? describeCommand(), options.pgliteDataDir);
}

function openPostgres(url: string, maxConnections: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', (error) => console.error(`fewshot: PostgreSQL connection error: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgres',
    prisma,
    sql: createPgDriver(pool),
    location: redactUrl(url),
    listen: (channel, handlers) => listenPostgres(url, channel, handlers, { log: (message) => console.error(message) }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** `fewshot import`, `index.ts`: how a second opener is told who holds the folder when `owner` is not given. */
function describeCommand(): string {
  const script = path.basename(process.argv[1] ?? 'node').replace(/\.(m?[jt]s)$/, '');
  return [script, ...process.argv.slice(2, 3)].join(' ');
}

async function openPglite(dir: string | undefined, owner: string, dataDir: Blob | undefined): Promise<Database> {
  const folder = dir ?? path.join(dataDirectory(), 'pglite');
  const inMemory = folder.startsWith('memory://');
  if (dataDir && !inMemory) throw new Error('a PGlite data directory to start from is for in-memory databases only');
  if (!inMemory) mkdirSync(folder, { recursive: true });
  // One process owns a PGlite folder (pglite-lock.ts): a second opener is refused before it touches anything.
  const unlock = inMemory ? () => undefined : acquirePgliteLock(folder, owner);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(folder, pgliteStartOptions(dataDir ? { loadDataDir: dataDir } : {}));
  } catch (error) {
    unlock();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    kind: 'pglite',
    prisma,
    sql: createPgliteDriver(pglite),
    location: folder,
    listen: (channel, handlers) => listenPglite(pglite, channel, handlers),
    async close() {
      // An open PGlite keeps Node's event loop alive: close both or a CLI never exits (stack.md).
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparseable url)';
  }
}
