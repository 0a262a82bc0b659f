import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures } from '@fewshot/pipeline/features';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../../env.ts';
import { runFewshot } from '../../testing/run-fewshot.ts';
import { BENCH_MODEL_NAME, withDatabase } from '../serve/bench-catalogs.ts';
import { DEFAULT_REDIS_URL } from './onboarding.ts';
import { redisUnreachableReason } from './redis-prefix.ts';

const redisUrl = readEnv().REDIS_URL ?? DEFAULT_REDIS_URL;
const skipReason = await redisUnreachableReason(redisUrl);

/**
 * `fewshot bench onboarding` end to end on a small fixture (the demo slice with real use-lite vectors and a tiny
 * version under the bench's model name, so the bench trains nothing): the JSON's shape, never its timings.
 */
describe.skipIf(skipReason !== null)(`fewshot bench onboarding${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-bench-onboarding-'));
    await withDatabase({ pgliteDir: path.join(dir, 'demo', 'pglite') }, async (db) => {
      await seedDemoSlice(db, { maxItems: 120 });
      await computeFeatures({ sql: db.sql, specs: [{ kind: 'use-lite' }] });
      await db.sql.query(`DELETE FROM item_features WHERE encoder = 'synthetic'`);
      await trainTinyVersion(db, BENCH_MODEL_NAME);
    });
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates two items, times them to recommendable and writes the JSON', async () => {
    const json = path.join(dir, 'onboarding.json');
    const result = await runFewshot(['bench', 'onboarding', '--items', '2', '--dir', dir, '--json', json, '--timeout', '60'], { REDIS_URL: redisUrl });
    expect(result.code, result.stderr.slice(-4000)).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
    expect(report).toMatchObject({ benchmark: 'onboarding', aimSeconds: 2, met: expect.any(Boolean), firstItemSeconds: expect.any(Number), settings: { items: 2, workers: 'embedded' }, machine: expect.any(Object) });
    expect(report.secondsToRecommendable).toBeGreaterThan(0);
    expect(report.items).toHaveLength(2);
    for (const item of report.items) {
      expect(item).toMatchObject({ id: expect.stringMatching(/^bench-onboarding-/), seconds: expect.any(Number), mutationSeconds: expect.any(Number), stages: { features: expect.any(Number), warmup: expect.any(Number) } });
      expect(item.features).toContainEqual(expect.objectContaining({ modality: 'TEXT', status: 'READY' }));
      // The console's preview of the new item: ranked for every user of the slice with a history (fewer than 200).
      expect(item.reach).toMatchObject({ seconds: expect.any(Number), usersChecked: expect.any(Number), reached: expect.any(Number) });
      expect((item.reach as { usersChecked: number }).usersChecked).toBeGreaterThan(100);
    }
    expect(report).toMatchObject({ reachMedianSeconds: expect.any(Number), reachUsers: 200 });
    expect(result.stderr).toMatch(/item 2\/2 bench-onboarding-\S+: recommendable after/);
    expect(result.stderr).toMatch(/cleaned up: \d+ Redis key\(s\) under fewshot-bench-\w+:, 2 bench item\(s\)/);
  }, 120_000);
});
