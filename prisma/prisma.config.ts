import path from 'node:path';
import { defineConfig } from 'prisma/config';

// `env("DATABASE_URL")` throws when unset, even for `prisma generate`, so read it optionally: the embedded
// default (PGlite) has no URL, and generation needs none.
export default defineConfig({
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, 'migrations') },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
