import { Option, type Command } from 'commander';
import { API_KEY_ROLES } from '../../auth/api-key.ts';
import { positiveInt } from '../arguments.ts';
import { DATABASE_URL_HELP, type DatabaseOption } from './database-option.ts';


/** `fewshot keys create|list|revoke`: the API keys the GraphQL API accepts (the key is printed once, stored hashed). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys for the GraphQL API');
  keys
    .command('create')
    .description('Create an API key and print it once: only its hash is stored')
    .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES.map((role) => role.toLowerCase())).makeOptionMandatory())
    .option('--name <name>', 'who or what uses the key (default: the role)')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action(async (options: DatabaseOption & { role: string; name?: string }) => {
      const { createKey } = await import('./keys-action.ts');
      await createKey(options);
    });
  keys
    .command('list')
    .description('List API keys: id, name, role, prefix, created, last used, revoked (never the keys themselves)')
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
}
