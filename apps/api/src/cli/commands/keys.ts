import { Option, type Command } from 'commander';
import { API_KEY_ROLES } from '../../auth/api-key.ts';
import { positiveInt, rateLimitArgument } from '../arguments.ts';
import { DATABASE_URL_HELP, type DatabaseOption } from './database-option.ts';


const RATE_LIMIT_HELP = "the key's own rate limit in requests a minute (per client address for a frontend key; 0 or off: none); default: its role's (FEWSHOT_RATE_LIMIT_<ROLE>)";

/** `fewshot keys create|list|revoke|limit`: the API keys the GraphQL API accepts (the key is printed once, stored hashed). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list, revoke and rate-limit API keys for the GraphQL API');
  keys
    .command('create')
    .description('Create an API key and print it once: only its hash is stored')
    .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES.map((role) => role.toLowerCase())).makeOptionMandatory())
    .option('--name <name>', 'who or what uses the key (default: the role)')
    .option('--rate-limit <perMinute>', RATE_LIMIT_HELP, rateLimitArgument)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { role: string; name?: string; rateLimit?: number | null }) => {
      const { createKey } = await import('./keys-action.ts');
      await createKey(options);
    });
  keys
    .command('list')
    .description('List API keys: id, name, role, prefix, own rate limit, created, last used, revoked (never the keys themselves)')
    .option('--json', 'print the list as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { json?: boolean }) => {
      const { listKeys } = await import('./keys-action.ts');
      await listKeys(options);
    });
  keys
    .command('revoke')
    .description('Revoke an API key: requests that send it are refused from now on')
    .argument('<id>', 'the key\'s id, as keys list shows it', positiveInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number, options: DatabaseOption) => {
      const { revokeKey } = await import('./keys-action.ts');
      await revokeKey(id, options);
    });
  keys
    .command('limit')
    .description("Set a key's own rate limit, or return it to its role's; every api replica applies it at the key's next request")
    .argument('<id>', 'the key\'s id, as keys list shows it', positiveInt)
    .argument('<perMinute>', 'requests a minute (per client address for a frontend key); 0 or off: no limit; default: the role\'s', rateLimitArgument)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (id: number, perMinute: number | null, options: DatabaseOption) => {
      const { limitKey } = await import('./keys-action.ts');
      await limitKey(id, perMinute, options);
    });
}
