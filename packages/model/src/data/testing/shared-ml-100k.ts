// Test helper: MovieLens-100K from ../shared/data (never committed), as the cold-start protocol reads it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TimedSequenceDataset } from '../../coldstart/dataset.ts';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
// eslint-disable-next-line no-restricted-properties -- a test fixture locating the shared datasets; the model package has no configuration
const inter = path.join(process.env.FEWSHOT_SHARED_DATA ?? path.join(repositoryRoot, '..', 'shared', 'data'), 'ml-100k', 'ml-100k.inter');

/** Whether ../shared/data holds ML-100K (tests that need it skip, saying so, where it does not). */
export const sharedMl100kPresent = existsSync(inter);

/** RecBole's ml-100k.inter (user, item, rating, timestamp), users' events ordered by (time, file order). */
export function readSharedMl100k(): TimedSequenceDataset {
  const items = new Map<string, number>();
  const users = new Map<string, Array<{ item: number; time: number; order: number }>>();
  readFileSync(inter, 'utf8').trim().split('\n').slice(1).forEach((line, order) => {
    const [user, item, , time] = line.split('\t');
    if (!items.has(item!)) items.set(item!, items.size + 1);
    if (!users.has(user!)) users.set(user!, []);
    users.get(user!)!.push({ item: items.get(item!)!, time: Number(time), order });
  });
  const events = [...users.values()].map((e) => e.sort((a, b) => a.time - b.time || a.order - b.order));
  return { numItems: items.size, sequences: events.map((e) => Int32Array.from(e, (x) => x.item)), timestamps: events.map((e) => Float64Array.from(e, (x) => x.time)) };
}
