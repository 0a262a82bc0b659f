import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { verifyApiKey } from './authenticate.ts';
import { createApiKey } from './create-api-key.ts';

export const CONSOLE_KEY_NAME = 'console (npm start)';

export interface ConsoleKey {
  key: string;
  /** True when this call made the key (first start, or the previous one was revoked or lost with its database). */
  created: boolean;
}

/**
 * The console's credential under `npm start`: an ADMIN key kept in a file only the owner can read (mode 0600),
 * created on the first start and kept while it stays valid. The console sends it from its server, never to browsers.
 */
export async function ensureConsoleKey(db: Database, file: string): Promise<ConsoleKey> {
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing && (await verifyApiKey(db, existing))?.role === 'ADMIN') return { key: existing, created: false };
  const { key } = await createApiKey(db, { role: 'ADMIN', name: CONSOLE_KEY_NAME });
  await mkdir(path.dirname(file), { recursive: true });
  // Written beside and renamed over, so a crash never leaves a half-written key; 0600 from creation on.
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, `${key}\n`, { mode: 0o600 });
  await rename(partial, file);
  return { key, created: true };
}
