import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFewshot } from '../testing/run-fewshot.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-bench-catalog-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A model small enough for a test; the benchmark's point is the item tables, which these settings leave as they are.
const SMALL_MODEL = JSON.stringify({ sasrec: { hiddenSize: 16, numLayers: 1, numHeads: 1, innerSize: 32, maxLength: 20 }, threads: 1 });

describe('fewshot bench catalog-memory', () => {
  it('writes each size\'s heap per stage and the estimate as JSON', async () => {
    const json = path.join(dir, 'memory.json');
    const run = await runFewshot(['bench', 'catalog-memory', '--items', '3000,1000', '--text', '32', '--image', '0', '--users', '20', '--config', SMALL_MODEL, '--json', json], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^1000 items: peak \d+ MB \(pretrain:id \d+, .*fusion \d+; [\d.]+ s\)$/m);
    const result = JSON.parse(readFileSync(json, 'utf8')) as { benchmark: string; runs: Array<{ items: number; peakMegabytes: number }>; heapMegabytes: number; vectors: unknown; config: unknown };
    expect(result).toMatchObject({ benchmark: 'catalog-memory', heapMegabytes: 4096, vectors: { text: 32, image: 0 }, config: { threads: 1 } });
    expect(result.runs.map((r) => r.items)).toEqual([1000, 3000]);
    expect(result).toHaveProperty('estimatedLargestCatalog');
  }, 120_000);

  it('refuses sizes and settings it cannot use, by name', async () => {
    const sizes = await runFewshot(['bench', 'catalog-memory', '--items', '9066,zero'], {});
    expect(sizes.code).not.toBe(0);
    expect(sizes.stderr).toContain("option '--items <list>' argument '9066,zero' is invalid. expected comma-separated positive integers");
    const config = await runFewshot(['bench', 'catalog-memory', '--items', '100', '--config', '{"heapMegabytes":8192}'], {});
    expect(config.code).not.toBe(0);
    expect(config.stderr).toContain('heapMegabytes must be at most 4096');
  }, 60_000);
});
