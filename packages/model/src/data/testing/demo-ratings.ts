// Test helper: the bundled demo data (MovieLens latest-small ratings.csv) as a SequenceDataset.
// The repository carries it under demo/ml-latest-small (GroupLens terms beside it).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
export function loadDemoRatings({ maxUsers = Infinity, maxItems = Infinity }: DemoSliceOptions = {}): SequenceDataset | undefined {
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
  const sequences = users.map((user) => {
    const events = (byUser.get(user) ?? []).sort((a, b) => a.timestamp - b.timestamp || a.order - b.order);
    return Int32Array.from(events, (e) => index.get(e.movie)!);
  });
  return { numItems: index.size, sequences: sequences.filter((s) => s.length > 0) };
}
