import type { Command } from 'commander';
import { positiveInt } from '../arguments.ts';
import { DATABASE_URL_HELP_API_STOPPED, type DatabaseOption } from './database-option.ts';

/**
 * `fewshot users delete`: erase users and every event of theirs (the same function as the deleteUser mutation);
 * `fewshot users lists`: the lists a frontend showed one (User.servedLists' function).
 */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('Manage users: the lists they were shown; delete them with their events');
  users
    .command('delete')
    .description('Delete users and every event of theirs, for good; the api forgets them at once (a person\'s request to be erased)')
    .argument('[ids...]', 'users\' ids, as the client system knows them')
    .option('--from-file <file>', 'read more ids from a file, one per line (blank lines and lines starting with # are skipped)')
    .option('--database-url <url>', DATABASE_URL_HELP_API_STOPPED)
    .action(async (ids: string[], options: DatabaseOption & { fromFile?: string }) => {
      const { deleteUsers } = await import('./users-action.ts');
      await deleteUsers(ids, options);
    });
  users
    .command('lists')
    .description('The lists a frontend showed a user, newest first, and which item of which list they took (within --within minutes)')
    .argument('<user>', 'the user\'s id, as the client system knows it')
    .option('--first <n>', 'how many lists, 1 to 100', positiveInt, 10)
    .option('--within <minutes>', 'how long after a list an event still follows it, 1 to 10080', positiveInt, 1440)
    .option('--json', 'print the lists as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP_API_STOPPED)
    .action(async (user: string, options: DatabaseOption & { first: number; within: number; json?: boolean }) => {
      const { showServedLists } = await import('./users-lists-action.ts');
      await showServedLists(user, options);
    });
}
