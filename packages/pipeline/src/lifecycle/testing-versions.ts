// Test support for the lifecycle tests: versions written through Prisma with hand-made metrics in the shape
// trainModelVersion stores (ModelVersionMetrics), so a test says exactly which numbers the policy compares, and the
// per-engine database of the tests that start each one without versions.
import type { Database } from '@fewshot/db';
import type { TestDatabase, TestDatabaseTarget } from '@fewshot/db/testing';
import type { MetricTable } from '@fewshot/model/coldstart';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { ModelVersionMetrics } from '../train/train-model-version.ts';

/** A metric table where every metric@k has mean `value` (std 0). */
function table(value: number): MetricTable {
  return Object.fromEntries(['recall', 'mrr', 'ndcg'].flatMap((metric) => [5, 10, 20].map((k) => [`${metric}@${k}`, { mean: value, std: 0 }])));
}

/**
 * Metrics as trainModelVersion stores them, evaluated at n = 5 and 10 (headline 10): `mml` scores `mml` at n = 10 on
 * every metric, `mml5` at n = 5 (default mml / 2); the baselines score less (popularity mml / 4 at n = 10 unless said,
 * null: none), so reading the wrong method shows.
 */
export function handMadeMetrics(mml: number, { mml5 = mml / 2, popularity = mml / 4 }: { mml5?: number; popularity?: number | null } = {}): ModelVersionMetrics {
  // Popularity's value at n = 10 (null: the evaluation ran no popularity); other slices keep the same ratio to mml.
  const slice = (value: number) => ({ mml: table(value), 'id-only': table(value / 3), ...(popularity === null ? {} : { popularity: table(popularity * (value / mml)) }) });
  const slices = { 'n=5': slice(mml5), 'n=10': slice(mml), 'item-cold': slice(mml / 5) };
  return {
    protocol: { name: 'cold-start v1', splitTime: 1_000_000, oldUsers: 80, newUsers: 20, items: 150, newItems: 10, itemColdCases: 12, ns: [5, 10], headlineN: 10, seeds: [1], modalities: ['id', 'text'] },
    methods: slices['n=10'],
    slices,
    unmasked: slices,
    paired: { 'n=10': { 'mml vs popularity': { meanDifference: mml * 0.75, ci95: [0, mml], better: 10, worse: 5, tied: 5 } } },
    adaptation: { boundedLatencyMs: { p50: 3, p99: 9, mean: 4, users: 3, loadAverage1m: 0.5, cores: 2 }, paperEpochs: { id: 2 } },
    stageSeconds: { 'train:pretrain:id': { mean: 1, std: 0 } },
    seconds: 5,
  };
}

export { createVersion } from '../testing/stand-in-version.ts';

/** Every version's status by name. */
export async function statusesByName(db: Database): Promise<Record<string, string>> {
  return Object.fromEntries((await db.prisma.modelVersion.findMany({ orderBy: { id: 'asc' } })).map((v) => [v.name, v.status]));
}

/**
 * The database of a lifecycle test's `describe.each(await testDatabaseTargets())` block, on that engine: opened fresh
 * before the block's tests and handed to `opened`, without a model version before each test, disposed after them.
 */
export function versionsDatabaseEachTest(create: TestDatabaseTarget['create'], opened: (db: TestDatabase) => void): void {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await create();
    opened(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });
  beforeEach(async () => {
    await db!.prisma.modelVersion.deleteMany();
  });
}
