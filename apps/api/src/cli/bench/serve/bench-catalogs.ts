import { migrate, openDatabase, type Database } from '@fewshot/db';
import { DEFAULT_ENCODER_SPECS } from '@fewshot/features/encoder-spec';
import { DEMO_CATALOG_DIR } from '@fewshot/pipeline/data';
import { computeFeatures, storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { trainModelVersion } from '@fewshot/pipeline/train';
import type { DeepPartial, MmlConfig } from '@fewshot/model/mml';
import { createApiKey } from '../../../auth/create-api-key.ts';

/** A database ready to be served by the bench: an active version, request subjects, and a FRONTEND key. */
export interface BenchCatalog {
  name: string;
  pgliteDir: string;
  /** The PostgreSQL database it lives in instead of `pgliteDir`, when the bench was given one. */
  databaseUrl?: string;
  items: number;
  key: string;
  warmUsers: string[];
  coldUsers: string[];
  itemIds: string[];
  versionId: number;
  /** Seconds spent preparing it this time (0 when everything was cached from an earlier run). */
  prepareSeconds: number;
}

/** The bench versions' name: a database holding a READY one of this name is not trained again. */
export const BENCH_MODEL_NAME = 'bench-serve';
const COLD_USERS = 2_000;

/**
 * Training settings for a bench model: every stage runs and the served graph has the real shape (D 64, two
 * blocks, text and ID learners, generator, fusion), trained briefly. Serving speed, not quality, is measured.
 */
const QUICK_TRAINING: DeepPartial<MmlConfig> = { pretrain: { epochs: 5, validateEvery: 5 }, meta: { outerSteps: 40 }, generator: { epochs: 2 }, fusion: { epochs: 5 } };

/**
 * The demo catalog (MovieLens ml-latest-small: 9,066 items, 671 users) with use-lite text vectors and a quickly
 * trained version, cached in `dir` (or the PostgreSQL database at `databaseUrl`) across runs; plus 2,000 cold users
 * with three events each.
 */
export async function prepareDemoCatalog(dir: string, log: (line: string) => void, { databaseUrl }: { databaseUrl?: string } = {}): Promise<BenchCatalog> {
  const started = performance.now();
  return withDatabase({ pgliteDir: dir, databaseUrl }, async (db) => {
    if ((await db.prisma.item.count()) === 0) {
      log('importing the demo catalog…');
      await importDataset(db, { dataset: openDataset(DEMO_CATALOG_DIR) });
    }
    log('text vectors (use-lite) for items missing them…');
    await computeFeatures({ sql: db.sql, specs: [DEFAULT_ENCODER_SPECS.TEXT] });
    const versionId = await activeBenchVersion(db, QUICK_TRAINING, log);
    await ensureColdUsers(db);
    return { ...(await describe(db, 'demo', dir, versionId, started)), databaseUrl };
  });
}

/**
 * A synthetic 100,000-item catalog (1,000 users × 25 events drawn with a strong popularity skew, 16-d random text
 * vectors), with a version trained for a single pass (BPR: a softmax over 100k items would not fit a bench) and
 * without the generator. Training memory grows with users × items (the fusion's samples score every item): 3,000
 * users ran out of the 4 GiB wasm heap in the evaluation.
 */
export async function prepareLargeCatalog(dir: string, log: (line: string) => void, items = 100_000): Promise<BenchCatalog> {
  const started = performance.now();
  return withDatabase({ pgliteDir: dir }, async (db) => {
    if ((await db.prisma.item.count()) === 0) {
      log(`generating a synthetic ${items.toLocaleString('en')}-item catalog…`);
      await db.sql.query('SELECT setseed(0.42)');
      await db.sql.query(`INSERT INTO items (external_id, title, attributes)
        SELECT 'item-' || g, 'Synthetic item ' || g, jsonb_build_object('genres', jsonb_build_array(CASE WHEN g % 3 = 0 THEN 'Comedy' WHEN g % 3 = 1 THEN 'Drama' ELSE 'Action' END))
        FROM generate_series(1, $1::int) g`, [items]);
      await db.sql.query(`INSERT INTO users (external_id) SELECT 'user-' || g FROM generate_series(1, 1000) g`);
      await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at)
        SELECT u.id, 1 + floor($1::int * power(random(), 3))::int, timestamptz '2020-01-01' + (u.id * 3600 + e * 60) * interval '1 second'
        FROM users u, generate_series(1, 25) e`, [items]);
      const ids = await db.sql.query<{ id: number }>('SELECT id FROM items ORDER BY id');
      const size = 16;
      let seed = 7;
      const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
      await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: size }, ids.map((row) => ({
        itemId: Number(row.id),
        sourceSha256: `synthetic-${row.id}`,
        outcome: { ok: true as const, vector: Float32Array.from({ length: size }, random) },
      })));
    }
    // No generator: its training runs out of the 4 GiB wasm heap at 100k items (noted for the jobs issue); serving's
    // graph is the same two learners and fusion either way.
    const versionId = await activeBenchVersion(db, { sasrec: { loss: 'bpr' }, pretrain: { epochs: 1, validateEvery: 1 }, meta: { outerSteps: 5 }, generator: { enabled: false }, fusion: { epochs: 1 } }, log);
    await ensureColdUsers(db);
    return describe(db, 'large', dir, versionId, started);
  });
}

/** Opens a bench database (PGlite in `pgliteDir`, or PostgreSQL at `databaseUrl`), migrated, for `work`. */
export async function withDatabase<T>({ pgliteDir, databaseUrl }: { pgliteDir: string; databaseUrl?: string }, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: databaseUrl ?? '', pgliteDir });
  try {
    await migrate(db.sql);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The bench's version, trained the first time and made ACTIVE. */
async function activeBenchVersion(db: Database, config: DeepPartial<MmlConfig>, log: (line: string) => void): Promise<number> {
  const existing = await db.prisma.modelVersion.findFirst({ where: { name: BENCH_MODEL_NAME, status: { in: ['READY', 'ACTIVE', 'RETIRED'] } }, orderBy: { id: 'desc' }, select: { id: true } });
  let versionId = existing?.id;
  if (versionId === undefined) {
    log('training the bench model version (once; cached in the bench database)…');
    let last = '';
    const result = await trainModelVersion({
      db, config, name: BENCH_MODEL_NAME,
      evaluation: { ns: [10], headlineN: 10, latencyUsers: 2 },
      onProgress: (p) => {
        if (p.stage !== last) log(`  ${(last = p.stage)}`);
      },
    });
    versionId = result.versionId;
  }
  await promoteModelVersion(db, versionId);
  return versionId;
}

/** Users with three events each: below any sensible cold threshold, so every request takes the few-shot path. */
async function ensureColdUsers(db: Database): Promise<void> {
  const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE external_id LIKE 'bench-cold-%'`);
  if (Number(row?.n) >= COLD_USERS) return;
  await db.sql.query('SELECT setseed(0.17)');
  await db.sql.query(`INSERT INTO users (external_id) SELECT 'bench-cold-' || g FROM generate_series(1, $1::int) g ON CONFLICT DO NOTHING`, [COLD_USERS]);
  // Three of the 2,000 most popular items each, so the model knows them.
  await db.sql.query(`WITH popular AS (SELECT item_id, row_number() OVER (ORDER BY count(*) DESC, item_id) AS r FROM interactions GROUP BY item_id ORDER BY count(*) DESC LIMIT 2000)
    INSERT INTO interactions (user_id, item_id, occurred_at)
    SELECT u.id, p.item_id, now() - (4 - e) * interval '1 minute'
    FROM users u CROSS JOIN generate_series(1, 3) e
    JOIN popular p ON p.r = 1 + ((u.id * 7919 + e * 104729) % 2000)
    WHERE u.external_id LIKE 'bench-cold-%' AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.user_id = u.id)`);
}

async function describe(db: Database, name: string, dir: string, versionId: number, started: number): Promise<BenchCatalog> {
  const warm = await db.sql.query<{ external_id: string }>(`SELECT u.external_id FROM users u JOIN interactions x ON x.user_id = u.id
    WHERE u.external_id NOT LIKE 'bench-cold-%' GROUP BY u.external_id HAVING count(*) >= 20 ORDER BY u.external_id LIMIT 500`);
  const cold = await db.sql.query<{ external_id: string }>(`SELECT external_id FROM users WHERE external_id LIKE 'bench-cold-%' ORDER BY external_id`);
  const items = await db.sql.query<{ external_id: string }>(`SELECT i.external_id FROM items i JOIN interactions x ON x.item_id = i.id GROUP BY i.external_id ORDER BY count(*) DESC LIMIT 1000`);
  const count = await db.prisma.item.count();
  const { key } = await createApiKey(db, { role: 'FRONTEND', name: `bench serve ${new Date().toISOString()}` });
  return {
    name, pgliteDir: dir, items: count, key, versionId,
    warmUsers: warm.map((u) => u.external_id),
    coldUsers: cold.map((u) => u.external_id),
    itemIds: items.map((i) => i.external_id),
    prepareSeconds: (performance.now() - started) / 1000,
  };
}
