import type { Command } from 'commander';
import { nonNegativeInt, positiveInt } from '../arguments.ts';
import { DATABASE_URL_HELP_API_STOPPED, type DatabaseOption } from './database-option.ts';

export interface ItemReachOptions extends DatabaseOption {
  users: number;
  depth: number;
  first: number;
  newItems?: number;
  json?: boolean;
}

/** `fewshot items reach`: whom an item reaches now (the itemReach query's own function), for an operator without the console. */
export function registerItemsCommand(program: Command): void {
  const items = program.command('items').description('Ask about items: whom one reaches now');
  items
    .command('reach')
    .description('Whom an item reaches now: ranked in the lists of the most recently active users as the active version serves each of them (their trial arm, new-item slots, cold users adapted), as the api replicas are set (FEWSHOT_* environment)')
    .argument('<item>', 'the item\'s id, as the client system knows it')
    .option('--users <n>', 'how many of the most recently active users to rank it for, 1 to 1000', positiveInt, 200)
    .option('--depth <n>', 'a user is reached when their list of this length shows it, 1 to 100', positiveInt, 20)
    .option('--first <n>', 'how many users to name, best placed first, 0 to 100', nonNegativeInt, 20)
    .option('--new-items <n>', 'what this many new-item slots in every list would do for it (default: each user\'s lists as served)', nonNegativeInt)
    .option('--json', 'print the answer as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP_API_STOPPED)
    .action(async (item: string, options: ItemReachOptions) => {
      const { reachNow } = await import('./items-action.ts');
      await reachNow(item, options);
    });
}
