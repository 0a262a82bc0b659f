/** `--database-url`, which every command that opens the database takes (no imports: registering commands stays light). */
export interface DatabaseOption {
  databaseUrl?: string;
}

export const DATABASE_URL_HELP = 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database)';

/** For commands an operator may run beside a running api: the embedded database has one owner at a time. */
export const DATABASE_URL_HELP_API_STOPPED = 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite database: stop the api first)';
