import type { Command } from 'commander';
import { DATABASE_URL_HELP_API_STOPPED, type DatabaseOption } from './database-option.ts';

/** `fewshot users delete`: erase users and every event of theirs (the same function as the deleteUser mutation). */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('Manage users: delete them with their events');
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
}
