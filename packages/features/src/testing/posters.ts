import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared MovieLens posters (never committed: no licence). Tests read them in place and skip when absent.
 * `FEWSHOT_SHARED_DATA` overrides the default `<repo>/../shared/data`.
 */
// eslint-disable-next-line no-restricted-properties -- test fixtures locating the shared datasets; features has no configuration
const SHARED_DATA = process.env.FEWSHOT_SHARED_DATA ?? path.resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'data');
export const POSTERS_DIRECTORY = path.join(SHARED_DATA, 'ml-posters', 'images');

/** Absolute path of the poster of ML-1M movie `movieId`, or undefined when the posters are not on this machine. */
export function posterPath(movieId: number): string | undefined {
  const file = path.join(POSTERS_DIRECTORY, `${movieId}.jpg`);
  return existsSync(file) ? file : undefined;
}
