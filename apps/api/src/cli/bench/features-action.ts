import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, type Database } from '@fewshot/db';
import { DEFAULT_ENCODER_SPECS, type EncoderSpec } from '@fewshot/features/encoder-spec';
import { ml100kDir, postersDir } from '@fewshot/pipeline/data';
import { computeFeatures, DEFAULT_BATCH_SIZE, itemNeighbours, readMl100kItems, type CatalogItem, type EncoderRun } from '@fewshot/pipeline/features';
import { median, reportBenchResult } from './bench-result.ts';
import type { FeaturesBenchOptions } from './features.ts';

const GOAL_SECONDS = 180;

/** What `fewshot bench features` does, loaded only when it runs (see ./features.ts). */
export async function runFeaturesBenchmark(options: FeaturesBenchOptions): Promise<void> {
  const items = readMl100kItems(ml100kDir, postersDir);
  const imageWorkers = options.workers ? Number(options.workers) : undefined;
  const runs: RunResult[] = [];
  for (let run = 1; run <= Number(options.runs); run++) {
    process.stderr.write(`run ${run}/${options.runs}: from-scratch ML-100K (text + images)…\n`);
    const total = await withFreshDatabase(items, (db) => timeFullCatalog(db, imageWorkers));
    process.stderr.write(`  ${total.seconds.toFixed(1)} s; text-only throughput…\n`);
    const text = await withFreshDatabase(items, (db) => throughput(db, DEFAULT_ENCODER_SPECS.TEXT, Infinity, imageWorkers));
    process.stderr.write(`  ${text.itemsPerSecond.toFixed(1)} items/s; image-only throughput on ${options.imageSample} items…\n`);
    const image = await withFreshDatabase(items, (db) => throughput(db, DEFAULT_ENCODER_SPECS.IMAGE, Number(options.imageSample), imageWorkers));
    process.stderr.write(`  ${image.itemsPerSecond.toFixed(1)} items/s\n`);
    runs.push({ total, text, image });
  }
  const ml100kTotalSeconds = median(runs.map((run) => run.total.seconds));
  await reportBenchResult('features', {
    textItemsPerSecond: round(median(runs.map((run) => run.text.itemsPerSecond))),
    imageItemsPerSecond: round(median(runs.map((run) => run.image.itemsPerSecond))),
    ml100kTotalSeconds: round(ml100kTotalSeconds),
    neighboursSeconds: round(median(runs.map((run) => run.total.neighboursSeconds))),
    goalSeconds: GOAL_SECONDS,
    meetsGoal: ml100kTotalSeconds < GOAL_SECONDS,
    items: items.length,
    itemsWithImage: items.filter((item) => item.imageUri).length,
    imageWorkers: imageWorkers ?? os.availableParallelism(),
    batchSize: DEFAULT_BATCH_SIZE,
    notes: 'textItemsPerSecond/imageItemsPerSecond: each encoder alone, excluding model load; ml100kTotalSeconds: text and images together from a fresh database, including worker start and model load, excluding neighbours',
    runs,
  }, options.json);
}

interface PhaseResult {
  seconds: number;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
}

interface RunResult {
  total: PhaseResult & { neighboursSeconds: number; encoders: Array<Omit<EncoderRun, 'encoder'> & { encoder: string }> };
  text: PhaseResult & { items: number; itemsPerSecond: number; loadSeconds: number };
  image: PhaseResult & { items: number; itemsPerSecond: number; loadSeconds: number };
}

async function timeFullCatalog(db: Database, imageWorkers: number | undefined): Promise<RunResult['total']> {
  const loadAverageBefore = os.loadavg();
  const started = performance.now();
  const encoders = await computeFeatures({ sql: db.sql, specs: [DEFAULT_ENCODER_SPECS.TEXT, DEFAULT_ENCODER_SPECS.IMAGE], imageWorkers });
  const seconds = (performance.now() - started) / 1000;
  const neighboursStarted = performance.now();
  await itemNeighbours(db.sql, { encoders: encoders.map((run) => run.encoder), k: 10 });
  return {
    seconds,
    neighboursSeconds: (performance.now() - neighboursStarted) / 1000,
    loadAverageBefore,
    loadAverageAfter: os.loadavg(),
    encoders: encoders.map(({ encoder, ...rest }) => ({ encoder: `${encoder.name}@${encoder.version}`, ...rest })),
  };
}

async function throughput(db: Database, spec: EncoderSpec, limit: number, imageWorkers: number | undefined): Promise<RunResult['text']> {
  const loadAverageBefore = os.loadavg();
  const [run] = await computeFeatures({ sql: db.sql, specs: [spec], limit, imageWorkers });
  if (!run) throw new Error('no encoder ran');
  const items = run.ready + run.failed;
  return { items, itemsPerSecond: items / run.seconds, seconds: run.seconds, loadSeconds: run.loadSeconds, loadAverageBefore, loadAverageAfter: os.loadavg() };
}

/** A fresh PGlite database in a temporary folder with the catalog inserted; removed afterwards. */
async function withFreshDatabase<T>(items: CatalogItem[], work: (db: Database) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-bench-features-'));
  const db = await openDatabase({ url: '', pgliteDir: path.join(dir, 'pglite') });
  try {
    await migrate(db.sql);
    await db.prisma.item.createMany({ data: items });
    return await work(db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
