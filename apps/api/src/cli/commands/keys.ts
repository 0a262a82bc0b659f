import { Option, type Command } from 'commander';
import { migrate, openDatabase, type Database } from '@fewshot/db';
import { API_KEY_ROLES, parseApiKeyRole } from '../../auth/api-key.ts';
import { createApiKey } from '../../auth/create-api-key.ts';
import { listApiKeys, type ApiKeySummary } from '../../auth/list-api-keys.ts';
import { revokeApiKey } from '../../auth/revoke-api-key.ts';
import { positiveInt } from '../arguments.ts';

interface DatabaseOption {
  databaseUrl?: string;
}

const DATABASE_URL_HELP = 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database)';

/** `fewshot keys create|list|revoke`: the API keys the GraphQL API accepts (the key is printed once, stored hashed). */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Create, list and revoke API keys for the GraphQL API');
  keys
    .command('create')
    .description('Create an API key and print it once: only its hash is stored')
    .addOption(new Option('--role <role>', 'what the key may do').choices(API_KEY_ROLES.map((role) => role.toLowerCase())).makeOptionMandatory())
    .option('--name <name>', 'who or what uses the key (default: the role)')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action((options: DatabaseOption & { role: string; name?: string }) =>
      withDatabase(options, async (db) => {
        const { key, record } = await createApiKey(db, { role: parseApiKeyRole(options.role), name: options.name });
        // The key alone on stdout, so `KEY=$(npx fewshot keys create …)` works; the notes go to stderr.
        console.log(key);
        console.error(`created API key ${record.id} "${record.name}" (role ${record.role.toLowerCase()}, prefix ${record.prefix}) in ${db.location}`);
        console.error('this key will not be shown again: store it now (only its hash is kept). Send it as Authorization: Bearer <key>');
      }),
    );
  keys
    .command('list')
    .description('List API keys: id, name, role, prefix, created, last used, revoked (never the keys themselves)')
    .option('--json', 'print the list as JSON')
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action((options: DatabaseOption & { json?: boolean }) =>
      withDatabase(options, async (db) => {
        const rows = await listApiKeys(db);
        if (options.json) console.log(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) console.log('no API keys yet: create one with npx fewshot keys create --role admin');
        else console.log(formatTable(rows));
      }),
    );
  keys
    .command('revoke')
    .description('Revoke an API key: requests that send it are refused from now on')
    .argument('<id>', 'the key\'s id, as keys list shows it', positiveInt)
    .option('--database-url <url>', DATABASE_URL_HELP)
    .action((id: number, options: DatabaseOption) =>
      withDatabase(options, async (db) => {
        const { key, alreadyRevoked } = await revokeApiKey(db, id);
        const what = `API key ${key.id} "${key.name}" (role ${key.role.toLowerCase()}, prefix ${key.prefix})`;
        console.log(alreadyRevoked ? `${what} was already revoked at ${when(key.revokedAt)}` : `revoked ${what}`);
      }),
    );
}

async function withDatabase(options: DatabaseOption, work: (db: Database) => Promise<void>): Promise<void> {
  const db = await openDatabase({ url: options.databaseUrl });
  try {
    await migrate(db.sql);
    await work(db);
  } finally {
    await db.close();
  }
}

function when(date: Date | null): string {
  return date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
}

function formatTable(rows: ApiKeySummary[]): string {
  const header = ['id', 'name', 'role', 'prefix', 'created', 'last used', 'revoked'];
  const cells = rows.map((row) => [String(row.id), row.name, row.role.toLowerCase(), row.prefix, when(row.createdAt), when(row.lastUsedAt) || 'never', when(row.revokedAt) || '-']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]?.length ?? 0)));
  return [header, ...cells].map((cell) => cell.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}
