import type { Command } from 'commander';
import { idList, nonNegativeInt, positiveInt } from '../arguments.ts';
import { DATABASE_URL_HELP_API_STOPPED, type DatabaseOption } from './database-option.ts';

export interface RecommendOptions extends DatabaseOption {
  items?: string[];
  first: number;
  newItems?: number;
  newItemsWithin?: number;
  genres?: string[];
  exclude?: string[];
  includeSeen?: boolean;
  json?: boolean;
}

/**
 * `fewshot recommend`: the list the api would give a user or an anonymous sequence now (the recommendations query's
 * own function), with why: the version and path that served it, the fusion weights, each item's reason and which
 * items a new-item slot placed. For an operator checking a user without the console.
 */
export function registerRecommendCommand(program: Command): void {
  program
    .command('recommend')
    .description('The list the api would recommend now to a user (or, with --items, an anonymous sequence), served by the active version as the api replicas are set (FEWSHOT_* environment), with why: path, fusion weights, each item\'s reason and new-item slots. Nothing is recorded as shown')
    .argument('[user]', 'a user\'s id, as the client system knows it')
    .option('--items <ids>', 'an anonymous visitor\'s items instead of a user, oldest first, comma-separated', idList)
    .option('--first <n>', 'how many items, 1 to 100', positiveInt, 10)
    .option('--new-items <n>', 'slots kept for items new to the version (default: FEWSHOT_NEW_ITEM_SLOTS, or a trial arm\'s)', nonNegativeInt)
    .option('--new-items-within <rank>', 'only a new item ranked within the top this-many fills a slot (0: any rank; default: FEWSHOT_NEW_ITEM_WITHIN)', nonNegativeInt)
    .option('--genres <names>', 'only items of these genres, comma-separated', idList)
    .option('--exclude <ids>', 'never these items, comma-separated', idList)
    .option('--include-seen', 'also items the user has had (by default they are left out)')
    .option('--json', 'print the list as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP_API_STOPPED)
    .action(async (user: string | undefined, options: RecommendOptions) => {
      const { recommendNow } = await import('./recommend-action.ts');
      await recommendNow(user, options);
    });
}
