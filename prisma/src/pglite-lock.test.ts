import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { acquirePgliteLock, lockFileFor, PgliteFolderInUseError } from './pglite-lock.ts';

const HOLDER = path.join(import.meta.dirname, 'testing', 'hold-pglite.ts');
const children: ChildProcess[] = [];

/** A second process that opens `folder` and holds it. */
async function holdInAnotherProcess(folder: string, owner: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, folder, owner], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    // Only its own line on stdout counts: a warning on stderr that happens to contain "open" must not.
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.split('\n').includes('open')) resolve();
    });
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => reject(new Error(`the holder exited (${code ?? signal}) before opening: ${stdout}${stderr}`)));
  });
  return child;
}

/** How the child ended: its exit code, or the signal that ended it (null when it exited by itself). */
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('one process owns a PGlite folder', () => {
  const folder = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'fewshot-lock-')), 'pglite');

  it('refuses a second process, naming the owner, its pid and what to do; the folder is free once the owner closes', async () => {
    const dir = folder();
    const holder = await holdInAnotherProcess(dir, 'the api (http://127.0.0.1:4000)');
    const refusal = await openDatabase({ url: '', pgliteDir: dir }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(PgliteFolderInUseError);
    expect((refusal as Error).message).toContain(`the embedded database in ${dir} is in use by the api (http://127.0.0.1:4000), pid ${holder.pid}, since `);
    expect((refusal as Error).message).toContain('stop it first, or use its GraphQL API, or set DATABASE_URL');
    holder.kill('SIGTERM');
    expect(await exited(holder)).toEqual({ code: 0, signal: null });
    expect(existsSync(lockFileFor(dir))).toBe(false);
    const db = await openDatabase({ url: '', pgliteDir: dir });
    await db.close();
  }, 60_000);

  it('takes over the lock of a process that was killed', async () => {
    const dir = folder();
    const holder = await holdInAnotherProcess(dir, 'fewshot import');
    holder.kill('SIGKILL');
    await exited(holder);
    expect(existsSync(lockFileFor(dir))).toBe(true);
    const db = await openDatabase({ url: '', pgliteDir: dir });
    expect(await db.sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
    expect(existsSync(lockFileFor(dir))).toBe(false);
  }, 60_000);

  it('takes over a lock left by an earlier process with this very pid (a restarted container)', () => {
    const dir = folder();
    writeFileSync(lockFileFor(dir), JSON.stringify({ pid: process.pid, owner: 'the api', since: '2020-01-01T00:00:00.000Z' }));
    const release = acquirePgliteLock(dir, 'the api');
    expect(JSON.parse(readFileSync(lockFileFor(dir), 'utf8'))).toMatchObject({ pid: process.pid, owner: 'the api' });
    release();
    expect(existsSync(lockFileFor(dir))).toBe(false);
  });

  it('EXPECTED FAILURE: refuses to open a folder twice in one process', () => {
    const dir = folder();
    const release = acquirePgliteLock(dir, 'vitest');
    try {
      expect(() => acquirePgliteLock(dir, 'vitest')).toThrow(/in use by this very process/);
    } finally {
      release();
    }
  });
});
