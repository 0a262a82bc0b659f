// Test support (not part of the flows): a small slice of the demo ratings as a database, and a tiny model version
// trained on it, so tests of training, serving and the API run the real pipeline in seconds.
import type { Database } from '@fewshot/db';
import { loadDemoTimedRatings, syntheticFeatures, tinyMmlConfig } from '@fewshot/model/testing';
import type { TimedSequenceDataset } from '@fewshot/model/coldstart';
import { storeFeatureOutcomes } from '../features/store-feature-outcomes.ts';
import { trainModelVersion, type TrainModelVersionResult } from '../train/train-model-version.ts';

export interface DemoSlice {
  dataset: TimedSequenceDataset;
  /** Text vector size of the synthetic `synthetic@1` encoder. */
  textSize: number;
}

/**
 * The demo ratings cut to their first `maxItems` items, as users `u<index>`, items `m<index>` ("Movie i") and their
 * timed events, with synthetic 6-d text vectors (encoder `synthetic@1`; items 7, 14, … have none, recorded as
 * failures).
 */
export async function seedDemoSlice(db: Database, { maxItems = 150 }: { maxItems?: number } = {}): Promise<DemoSlice> {
  const dataset = loadDemoTimedRatings({ maxItems });
  if (!dataset) throw new Error('the demo catalog is missing from this checkout');
  await db.prisma.item.createMany({ data: Array.from({ length: dataset.numItems }, (_, i) => ({ externalId: `m${i + 1}`, title: `Movie ${i + 1}`, attributes: { genres: i % 2 === 0 ? ['Comedy'] : ['Drama'] } })) });
  await db.prisma.user.createMany({ data: dataset.sequences.map((_, u) => ({ externalId: `u${u}` })) });
  const items = new Map((await db.prisma.item.findMany({ select: { id: true, externalId: true } })).map((i) => [i.externalId, i.id]));
  const users = new Map((await db.prisma.user.findMany({ select: { id: true, externalId: true } })).map((u) => [u.externalId, u.id]));
  // One statement from three arrays: Prisma's createMany took most of the seeding's 4 s (22,563 events).
  const [userIds, itemIds, times] = [[] as number[], [] as number[], [] as string[]];
  dataset.sequences.forEach((sequence, u) => sequence.forEach((item, e) => {
    userIds.push(users.get(`u${u}`)!);
    itemIds.push(items.get(`m${item}`)!);
    times.push(new Date(dataset.timestamps[u]![e]! * 1000).toISOString());
  }));
  await db.sql.query('INSERT INTO interactions (user_id, item_id, occurred_at) SELECT * FROM unnest($1::int[], $2::int[], $3::timestamptz[])', [userIds, itemIds, times]);
  const textSize = 6;
  const text = syntheticFeatures(dataset.numItems, textSize, 4, 7);
  await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: textSize }, Array.from({ length: dataset.numItems }, (_, i) => ({
    itemId: items.get(`m${i + 1}`)!,
    sourceSha256: `m${i + 1}`,
    outcome: (i + 1) % 7 === 0 ? { ok: false as const, error: 'no text' } : { ok: true as const, vector: text.table.slice((i + 1) * textSize, (i + 2) * textSize) },
  })));
  return { dataset, textSize };
}

/** Settings that train every stage in seconds on the slice (quality is not the point). */
export const tinyTraining = {
  // One thread: at this size starting a second thread's modules costs more than the work it shares. A tiny version
  // (trainTinyVersion) took 1.6 s and 2.0 CPU-s on one thread against 4.3 s and 6.4 CPU-s on two (2026-12-07, 2 cores),
  // with the same metrics. The model package's own tests keep tinyMmlConfig's two: its worker trains the same model
  // twice and requires the same bits (mml.test.ts), which a rare drift under load has broken (packages/model/README.md).
  config: tinyMmlConfig({ pretrain: { epochs: 2 }, meta: { outerSteps: 4 }, generator: { epochs: 1 }, fusion: { epochs: 3 }, threads: 1 }),
  // n = 2 (one event known) as well: the shortest slice, which ranks fewer methods than the others.
  evaluation: { ns: [2, 5, 10], headlineN: 10, latencyUsers: 3 },
};

/**
 * The tiny settings on two threads, for tests that must see a training while it runs (a worker killed or a job
 * cancelled mid-run, progress seen moving): on the tiny settings' one thread a training is over in about 1.5 s, before
 * a poll sees it running; on two it takes several seconds, most of them after the snapshot.
 */
export const tinyTrainingSeenRunning = { ...tinyTraining.config, threads: 2 };

/** A READY version trained with `tinyTraining` on whatever the database holds. */
export function trainTinyVersion(db: Database, name = 'tiny'): Promise<TrainModelVersionResult> {
  return trainModelVersion({ db, ...tinyTraining, name });
}
