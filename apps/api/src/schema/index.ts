import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The SDL files of this folder, in name order: the api's contract (style.md, guideline 4). */
export function loadTypeDefs(): string[] {
  const dir = import.meta.dirname;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}
