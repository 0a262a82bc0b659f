import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * How every PGlite here starts: PGlite's own start parameters with a 16 MB buffer pool instead of PostgreSQL's
 * 128 MB. PGlite's memory holds the whole pool from the start, and this machine pays for every page of it: opening a
 * folder took 1.44 s and 339 MB (128 MB) against 1.06 s and 203 MB (16 MB), medians of 5 alternating runs, 78,000
 * against 47,000 page faults. Every command-line run, every start and every test database opens one. The embedded
 * database lives in files the operating system caches anyway, and nothing measured needed the larger pool (2026-12-07):
 * `fewshot bench import --runs 3` put 100,000 interactions into PGlite in 3.29 s (128 MB) and 3.22 s (16 MB), and
 * `fewshot bench serve --large off`'s scenarios that read the database moved within the spread of their own rounds
 * (computed warm lists 311 against 293 req/s, users without history 964 against 1,018).
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

export function pgliteStartOptions(options: Omit<PGliteOptions, 'startParams'> = {}): PGliteOptions {
  return { ...options, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`] };
}
