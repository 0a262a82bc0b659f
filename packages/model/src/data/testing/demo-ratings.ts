// Test helper: the bundled demo data (MovieLens latest-small ratings.csv) as a SequenceDataset.
// The repository carries it under demo/ml-latest-small (GroupLens terms beside it).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TimedSequenceDataset } from '../../coldstart/dataset.ts';
import type { SequenceDataset } from '../sequence-dataset.ts';

const CANDIDATES = [new URL('../../../../../demo/ml-latest-small/ratings.csv', import.meta.url)].map((url) => fileURLToPath(url));

export function demoRatingsPath(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path));
}

export interface DemoSliceOptions {
  /** Keep only the first n users (by user id). */
  maxUsers?: number;
  /** Keep only the n most rated items (others are dropped from every sequence). */
  maxItems?: number;
}

/** Sequences per user ordered by (timestamp, file order); items renumbered 1..n by movie id. */
export function loadDemoRatings(options: DemoSliceOptions = {}): SequenceDataset | undefined {
  const timed = loadDemoTimedRatings(options);
  return timed && { numItems: timed.numItems, sequences: timed.sequences };
}

/** The same slice with every event's time (Unix seconds), for the cold-start protocol's time split. */
export function loadDemoTimedRatings({ maxUsers = Infinity, maxItems = Infinity }: DemoSliceOptions = {}): TimedSequenceDataset | undefined {
  const path = demoRatingsPath();
  if (!path) return undefined;
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line, order) => {
    const [user, movie, , timestamp] = line.split(',');
    return { user: Number(user), movie: Number(movie), timestamp: Number(timestamp), order };
  });
  const users = [...new Set(rows.map((r) => r.user))].sort((a, b) => a - b).slice(0, maxUsers === Infinity ? undefined : maxUsers);
  const keptUsers = new Set(users);
  const kept = rows.filter((r) => keptUsers.has(r.user));
  const counts = new Map<number, number>();
  for (const r of kept) counts.set(r.movie, (counts.get(r.movie) ?? 0) + 1);
  const topMovies = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a - b).slice(0, maxItems === Infinity ? undefined : maxItems);
  const index = new Map([...topMovies].sort((a, b) => a - b).map((movie, i) => [movie, i + 1]));
  const byUser = new Map<number, typeof kept>();
  for (const r of kept) if (index.has(r.movie)) (byUser.get(r.user) ?? byUser.set(r.user, []).get(r.user)!).push(r);
  const timed = users.map((user) => (byUser.get(user) ?? []).sort((a, b) => a.timestamp - b.timestamp || a.order - b.order)).filter((events) => events.length > 0);
  return {
    numItems: index.size,
    sequences: timed.map((events) => Int32Array.from(events, (e) => index.get(e.movie)!)),
    timestamps: timed.map((events) => Float64Array.from(events, (e) => e.timestamp)),
  };
}
