import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';

/** The read-only datasets beside the checkout (`../shared/data`), or `FEWSHOT_SHARED_DATA`. */
export const sharedDataDir = path.resolve(process.env.FEWSHOT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'));
export const ml100kDir = path.join(sharedDataDir, 'ml-100k');
export const postersDir = path.join(sharedDataDir, 'ml-posters');
/** The bundled demo catalog (committed; GroupLens terms beside it). */
export const demoDatasetDir = path.join(repositoryRoot, 'demo', 'ml-latest-small');

export const hasMl100k = existsSync(path.join(ml100kDir, 'ml-100k.inter'));
export const hasPosters = existsSync(path.join(postersDir, 'ml-100k-to-poster.tsv'));

/** ML-100K may not be redistributed, so tests that need it skip cleanly where it is absent, and say why. */
export function skipReason(what: string, available: boolean): string {
  return available ? what : `${what} (skipped: ${what.includes('poster') ? postersDir : ml100kDir} is absent)`;
}
