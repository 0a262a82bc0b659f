import { readFile } from 'node:fs/promises';
import { AppError, AppErrorCode } from '../../errors.ts';
import { checkExternalId } from '../../services/check-input.ts';
import { deleteUser } from '../../services/delete-user.ts';
import type { DatabaseOption } from './database-option.ts';
import { withDatabase } from './with-database.ts';

/**
 * What `fewshot users delete` does (see ./users.ts for its options). Each user goes in a transaction of its own, so
 * a failure part-way leaves every user before it deleted and none half-deleted; ids without a user are named at the
 * end and make the exit code 1 (a typo must not pass for an erasure), after every other id was deleted.
 */
export async function deleteUsers(args: readonly string[], options: DatabaseOption & { fromFile?: string }): Promise<void> {
  const ids = await collectIds(args, options.fromFile);
  const missing: string[] = [];
  let users = 0;
  let events = 0;
  const location = await withDatabase(options, async (db) => {
    for (const id of ids) {
      try {
        const deleted = await deleteUser(db, id);
        users++;
        events += deleted.deletedInteractions;
        console.log(`deleted user ${JSON.stringify(id)} and ${plural(deleted.deletedInteractions, 'event')}`);
      } catch (error) {
        if (!(error instanceof AppError && error.extensions.code === AppErrorCode.NotFound)) throw error;
        missing.push(id);
      }
    }
    return db.location;
  });
  console.error(`deleted ${plural(users, 'user')} and ${plural(events, 'event')} in ${location}`);
  if (missing.length > 0) {
    throw new Error(`${plural(missing.length, 'id')} had no user (deleted already, or never recorded; ids are the client's own, case matters): ${missing.map((id) => JSON.stringify(id)).join(', ')}`);
  }
}

/** The ids from the arguments and the file, checked as the api checks them, each once, in the order given. */
async function collectIds(args: readonly string[], fromFile: string | undefined): Promise<string[]> {
  const fromLines = fromFile === undefined ? [] : await readIdFile(fromFile);
  const ids = [...args.map((id, i) => checkExternalId(id, `id ${i + 1}`)), ...fromLines];
  if (ids.length === 0) throw new Error('name the users to delete: fewshot users delete <id...>, or --from-file <file> with one id per line');
  return [...new Set(ids)];
}

async function readIdFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read --from-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return text.split(/\r?\n/).flatMap((line, i) => (line.trim() === '' || line.trimStart().startsWith('#') ? [] : [checkExternalId(line, `${file} line ${i + 1}`)]));
}

const plural = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
