import path from 'node:path';
import { readDbEnv } from './env.ts';

/** The repository root, found from this package's own location (prisma/src). */
export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where local state lives (PGlite, Redis persistence, logs): `FEWSHOT_DATA_DIR`, else `<repo>/data` (gitignored). */
export function dataDirectory(): string {
  return path.resolve(readDbEnv().FEWSHOT_DATA_DIR ?? path.join(repositoryRoot, 'data'));
}

export const migrationsDirectory = path.resolve(import.meta.dirname, '..', 'migrations');
