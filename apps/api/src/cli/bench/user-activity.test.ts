import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFewshot } from '../testing/run-fewshot.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-bench-user-activity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Paired {
  runs: number[];
  median: number;
}

describe('fewshot bench user-activity', () => {
  it('times reads from user_activity against the aggregated baseline and writes with its trigger on and off, as JSON', async () => {
    const json = path.join(dir, 'user-activity.json');
    const run = await runFewshot(['bench', 'user-activity', '--events', '3000', '--users', '200', '--runs', '2', '--writes', '100', '--import-data', path.join(dir, 'absent'), '--json', json], {});
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown> & { pglite: { reads: Record<string, { fromActivityMs: Paired; aggregatedMs: Paired; speedup: number }>; writes: Record<string, { calls: number; eventsPerSecondOn: Paired; onOverOff: number }>; import: unknown } };
    expect(result).toMatchObject({ benchmark: 'user-activity', events: 3000, users: 200, runs: 2 });
    const { reads, writes } = result.pglite;
    expect(Object.keys(reads)).toEqual(['recentlyActivePage', 'activeUserCounts']);
    for (const read of Object.values(reads)) expect([read.fromActivityMs.runs.length, read.aggregatedMs.runs.length, read.speedup > 0]).toEqual([2, 2, true]);
    expect([writes.oneEventPerCall?.calls, writes.hundredEventsPerCall?.calls]).toEqual([100, 1]);
    expect(writes.oneEventPerCall!.eventsPerSecondOn.runs).toHaveLength(2);
    expect(result.pglite.import).toEqual({ skipped: `${path.join(dir, 'absent')} is absent` });
    expect(result).toHaveProperty('postgres');
  }, 120_000);

  it('refuses a count it cannot use, by name', async () => {
    const run = await runFewshot(['bench', 'user-activity', '--events', 'many'], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("option '--events <count>' argument 'many' is invalid. expected a positive integer");
  }, 60_000);
});
