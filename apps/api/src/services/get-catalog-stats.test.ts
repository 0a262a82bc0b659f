import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCatalogStats } from './get-catalog-stats.ts';

const HOUR = 3600;

function catalogDir(now: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-catalog-stats-'));
  writeFileSync(path.join(dir, 'items.jsonl'), ['a', 'b', 'c'].map((id) => JSON.stringify({ id, title: id })).join('\n') + '\n');
  const events = [
    { user: 'u1', item: 'a', timestamp: now - 2 * HOUR }, // last 24 h
    { user: 'u1', item: 'b', timestamp: now - 30 * HOUR }, // last 7 days
    { user: 'u2', item: 'c', timestamp: now - 6 * 24 * HOUR }, // last 7 days
    { user: 'u2', item: 'a', timestamp: now - 30 * 24 * HOUR }, // older
    { user: 'u2', item: 'b', timestamp: now + 48 * HOUR }, // in the future: not traffic yet
  ];
  writeFileSync(path.join(dir, 'interactions.jsonl'), events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return dir;
}

describe.each(await testDatabaseTargets())('getCatalogStats on $kind', ({ create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    await importDataset(db, { dataset: openDataset(catalogDir(Math.floor(Date.now() / 1000))) });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('counts the catalog and the traffic of the last 24 hours and 7 days', async () => {
    expect(await getCatalogStats(db)).toEqual({ users: 2, items: 3, interactions: 5, interactionsLast24h: 1, interactionsLast7d: 3 });
  });
});
