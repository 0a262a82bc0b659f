import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@fewshot/db/paths';

/**
 * The read-only datasets beside the checkout (`../shared/data`, or `FEWSHOT_SHARED_DATA`): MovieLens-100K and the
 * posters, which may not be committed. Tests, benchmarks and the demo catalog's poster references read them here
 * and do without them where they are absent.
 */
// eslint-disable-next-line no-restricted-properties -- the one reader for the pipeline, its tests and the api (tests need it before any app starts)
export const sharedDataDir = path.resolve(process.env.FEWSHOT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'));
export const ml100kDir = path.join(sharedDataDir, 'ml-100k');
export const postersDir = path.join(sharedDataDir, 'ml-posters');

export const hasMl100k = existsSync(path.join(ml100kDir, 'ml-100k.inter'));
export const hasPosters = existsSync(path.join(postersDir, 'ml-100k-to-poster.tsv'));
