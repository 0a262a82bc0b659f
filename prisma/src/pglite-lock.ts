import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One process owns a PGlite folder: a second one (`fewshot import` beside a running api) would write rows the first
 * never sees, or corrupt the folder. The owner holds `<folder>.lock` (beside the folder: PGlite owns what is inside),
 * holding its pid; a lock whose process is gone (killed, crashed, a container restarted) is taken over.
 */
export interface PgliteLockHolder {
  pid: number;
  /** Who holds it, in words: "the api (http://127.0.0.1:4000)", "fewshot import". */
  owner: string;
  since: string;
}

export class PgliteFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: PgliteLockHolder,
    readonly lockFile: string,
  ) {
    const who = holder.pid === process.pid ? 'this very process (it is already open here)' : `${holder.owner}, pid ${holder.pid}, since ${holder.since}`;
    super(
      `the embedded database in ${folder} is in use by ${who}. One process owns a PGlite folder: stop it first, or use ` +
        `its GraphQL API, or set DATABASE_URL to a PostgreSQL database that several processes can share. ` +
        `(If no process ${holder.pid} is running, delete ${lockFile}.)`,
    );
    this.name = 'PgliteFolderInUseError';
  }
}

const held = new Map<string, string>();
let exitHookInstalled = false;

export function lockFileFor(folder: string): string {
  return `${path.resolve(folder)}.lock`;
}

function readHolder(file: string): { raw: string; holder: PgliteLockHolder | null } {
  let raw = '';
  try {
    raw = readFileSync(file, 'utf8');
    const parsed = JSON.parse(raw) as Partial<PgliteLockHolder>;
    if (typeof parsed.pid === 'number') return { raw, holder: { pid: parsed.pid, owner: String(parsed.owner ?? 'another process'), since: String(parsed.since ?? '?') } };
  } catch {
    // unreadable or not ours: treated as stale
  }
  return { raw, holder: null };
}

/** Whether `pid` is a running Node.js process; on Linux an unrelated process that reused the pid does not count. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** Moves a stale lock aside; puts it back when another process replaced it in the meantime. */
function removeStale(file: string, staleContent: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // already gone
  }
  try {
    // !: a narrow race remains (a fresh lock created and moved aside between our read and rename is put back).
    if (readFileSync(aside, 'utf8') !== staleContent) linkSync(aside, file);
  } catch {
    // someone else holds it now: the next attempt sees them
  }
  rmSync(aside, { force: true });
}

/**
 * Takes the folder's lock for this process or throws PgliteFolderInUseError naming the holder. The lock file appears
 * atomically with its content (written aside, then hard-linked into place, which fails when one exists). Returns
 * the release function; the lock is also released when the process exits.
 */
export function acquirePgliteLock(folder: string, owner: string): () => void {
  const resolved = path.resolve(folder);
  const file = lockFileFor(resolved);
  const record = JSON.stringify({ pid: process.pid, owner, since: new Date().toISOString() });
  const existing = held.get(resolved);
  if (existing !== undefined) throw new PgliteFolderInUseError(resolved, JSON.parse(existing) as PgliteLockHolder, file);
  for (let attempt = 0; attempt < 5; attempt++) {
    const draft = `${file}.${process.pid}.tmp`;
    writeFileSync(draft, record);
    try {
      linkSync(draft, file);
      held.set(resolved, record);
      installExitHook();
      return () => release(resolved);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(draft, { force: true });
    }
    const { raw, holder } = readHolder(file);
    // Our own pid in a lock we do not hold: written by an earlier process that had the same pid (a container restart).
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new PgliteFolderInUseError(resolved, holder, file);
    removeStale(file, raw);
  }
  throw new Error(`could not take the lock ${file}: other processes keep replacing it`);
}

function release(resolved: string): void {
  const record = held.get(resolved);
  if (record === undefined) return;
  held.delete(resolved);
  const file = lockFileFor(resolved);
  try {
    if (readFileSync(file, 'utf8') === record) rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit() without closing the database must not leave a lock behind (a stale one is taken over anyway).
  process.on('exit', () => {
    for (const resolved of [...held.keys()]) release(resolved);
  });
}
