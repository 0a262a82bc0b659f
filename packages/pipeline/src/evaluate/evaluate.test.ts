import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tinyMmlConfig } from '@fewshot/model/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../import/run-import.ts';
import { openDatasetDatabase } from './dataset-database.ts';
import { evaluateDatabase } from './evaluate-database.ts';

const GENRES = ['Comedy', 'Drama', 'Horror', 'Animation', 'Western'];

/** A dataset folder in the generic format without images: 36 titled items, 40 users whose first events spread over days. */
async function writeDataset(dir: string): Promise<void> {
  const items = Array.from({ length: 36 }, (_, i) => ({ id: `i${i}`, title: `${GENRES[i % 5]} story number ${i}`, genres: [GENRES[i % 5]] }));
  const events = Array.from({ length: 40 }, (_, u) => Array.from({ length: 9 }, (_, t) => ({
    user: `u${u}`,
    item: `i${(u * 5 + t * (1 + (u % 3))) % 36}`,
    timestamp: 1_700_000_000 + u * 86_400 + t * 60,
  }))).flat();
  await writeFile(path.join(dir, 'items.jsonl'), items.map((i) => JSON.stringify(i)).join('\n'));
  await writeFile(path.join(dir, 'interactions.jsonl'), events.map((e) => JSON.stringify(e)).join('\n'));
}

describe('the cold-start protocol on a dataset folder without images', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fewshot-eval-'));
    await mkdir(path.join(root, 'data'));
    await writeDataset(path.join(root, 'data'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('imports it with its text vectors into a cached database, evaluates ID and text learners, and reuses the cache', async () => {
    const source = { dir: path.join(root, 'data') };
    const cacheDir = path.join(root, 'cache');
    let first: ImportReport | undefined;
    let encoded = 0;
    const db = await openDatasetDatabase(source, { cacheDir, onImported: (r) => (first = r), onFeaturesDone: (runs) => (encoded = runs.reduce((sum, run) => sum + run.ready, 0)) });
    try {
      expect(first!.items.inserted).toBe(36);
      expect(encoded).toBe(36);
      const { report, snapshot } = await evaluateDatabase(db, {
        config: tinyMmlConfig({ pretrain: { epochs: 2 }, meta: { outerSteps: 3 }, fusion: { epochs: 2, supportLength: 4 }, generator: { epochs: 1 } }),
        seeds: [1],
        ns: [5, 8],
        headlineN: 8,
        latencyUsers: 2,
      });
      expect(snapshot.encoders.map((e) => e.modality)).toEqual(['TEXT']);
      expect(report.protocol.modalities).toEqual(['id', 'text']);
      expect(report.protocol.newUsers).toBe(8);
      expect(report.methods.mml!['ndcg@10']!.mean).toBeGreaterThanOrEqual(0);
      expect(report.methods['image-only']).toBeUndefined();
    } finally {
      await db.close();
    }
    let second: ImportReport | undefined;
    let again = -1;
    const cached = await openDatasetDatabase(source, { cacheDir, onImported: (r) => (second = r), onFeaturesDone: (runs) => (again = runs.reduce((sum, run) => sum + run.ready, 0)) });
    await cached.close();
    expect(second!.items).toMatchObject({ inserted: 0, unchanged: 36 });
    expect(again).toBe(0);
  });
});
