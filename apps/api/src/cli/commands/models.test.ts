import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { createMigratedPgliteFolder } from '@fewshot/db/testing';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPgliteFolder } from '../testing/pglite-folder.ts';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';

/**
 * `fewshot models` as an operator moves a version from the machine it was trained on to the one that serves it:
 * two embedded databases (folders), the CLI run against each. The export and import themselves are tested on both
 * engines in @fewshot/pipeline (transfer-model-version.test.ts), serving an imported version in serving/.
 */
describe('fewshot models', () => {
  let root: string;
  const folder = (name: string) => path.join(root, name);
  const env = (name: string) => ({ FEWSHOT_DATA_DIR: folder(name), DATABASE_URL: '' });
  const withDatabase = <T>(name: string, work: (db: Database) => Promise<T>) => withPgliteFolder(path.join(folder(name), 'pglite'), work);

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fewshot-models-'));
    for (const name of ['trained', 'served']) {
      await mkdir(folder(name));
      await createMigratedPgliteFolder(path.join(folder(name), 'pglite'));
      await withDatabase(name, (db) => seedDemoSlice(db));
    }
    await withDatabase('trained', (db) => trainTinyVersion(db, 'nightly'));
  }, 120_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists, exports, imports, promotes and rolls back', async () => {
    const listed = await fewshot(['models', 'list'], env('trained'));
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+status\s+name\s+created\s+NDCG@10\s+artifact\n1\s+ready\s+nightly\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+0\.\d{4}\s+\d+\.\d MB\n$/);
    const file = path.join(root, 'nightly.fewshot');
    const exported = await fewshot(['models', 'export', '1', '--out', file], env('trained'));
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^exported model version 1 "nightly" to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d MB, artifact sha256 [0-9a-f]{12}…\\)\\n$`));

    expect((await fewshot(['models', 'list'], env('served'))).stdout).toContain('no model versions yet');
    const imported = await fewshot(['models', 'import', file, '--name', 'nightly from staging'], env('served'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('model version 1 "nightly from staging" is READY\n');
    expect(imported.stderr).toContain('150 of its 150 items are in this database; items only this database has are placed from their features when it loads');
    expect(imported.stderr).toContain('Serve it with: npx fewshot models promote 1');
    const again = await fewshot(['models', 'import', file], env('served'));
    expect(again.stdout).toBe('model version 2 "nightly (imported)" is READY\n');

    expect((await fewshot(['models', 'promote', '1'], env('served'))).stdout).toBe('model version 1 is ACTIVE; every api replica serves it as soon as it has loaded it\n');
    expect((await fewshot(['models', 'promote', '2'], env('served'))).stdout).toBe('model version 2 is ACTIVE (version 1 is RETIRED); every api replica serves it as soon as it has loaded it\n');
    expect((await fewshot(['models', 'rollback'], env('served'))).stdout).toBe('model version 1 is ACTIVE again (version 2 is RETIRED)\n');
    const json = JSON.parse((await fewshot(['models', 'list', '--json'], env('served'))).stdout) as Array<{ id: number; status: string; name: string; ndcg10: number | null }>;
    expect(json.map(({ id, status, name }) => ({ id, status, name }))).toEqual([
      { id: 2, status: 'RETIRED', name: 'nightly (imported)' },
      { id: 1, status: 'ACTIVE', name: 'nightly from staging' },
    ]);
    expect(json[0]!.ndcg10).toBeGreaterThan(0);
  });

  it('shows how often the lists a frontend showed were followed, per version, path and the users\' events', async () => {
    expect((await fewshot(['models', 'outcomes'], env('trained'))).stdout).toBe('no lists recorded in the last 7 days: lists are recorded when a frontend key asks for a known user\'s recommendations\n');
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await withDatabase('trained', async (db) => {
      const [user] = await db.sql.query<{ id: number }>('SELECT id FROM users ORDER BY id LIMIT 1');
      const items = (await db.sql.query<{ id: number }>('SELECT id FROM items ORDER BY id LIMIT 3')).map((row) => Number(row.id));
      const list = `{${items.join(',')}}`;
      // Two few-shot lists two days ago (the first followed at rank 3 half an hour later, before the second was shown), one
      // counted list three hours ago.
      await db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at) VALUES
        ($1, 1, 'few_shot', 3, $2::int[], $3), ($1, 1, 'few_shot', 4, $2::int[], $4), ($1, NULL, 'no_history', 0, $2::int[], $5)`, [user!.id, list, minutesAgo(2 * 1440 + 60), minutesAgo(2 * 1440 + 10), minutesAgo(180)]);
      await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3)`, [user!.id, items[2], minutesAgo(2 * 1440 + 30)]);
    });
    const shown = await fewshot(['models', 'outcomes'], env('trained'));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe([
      'version    path                events  lists  followed  share  MRR    open',
      '1 nightly  few-shot            3-4     2      1         50.0%  0.167  0',
      '-          counts: no history  0       1      0         0.0%   0.000  1',
      '',
    ].join('\n'));
    expect(shown.stderr).toContain('followed: an event of the user on one of the list\'s items within 1440 minutes; 1 still open');
    // A shorter window misses the pick 30 minutes after the list; a day back (as JSON) leaves the older lists out.
    expect((await fewshot(['models', 'outcomes', '--within', '20', '--version', '1'], env('trained'))).stdout).toMatch(/^version.*\n1 nightly\s+few-shot\s+3-4\s+2\s+0\s+0\.0%/);
    const json = JSON.parse((await fewshot(['models', 'outcomes', '--days', '1', '--json'], env('trained'))).stdout) as { withinMinutes: number; rows: Array<{ modelVersionName: string | null; path: string; lists: number }> };
    expect(json).toMatchObject({ withinMinutes: 1440, rows: [{ modelVersionName: null, path: 'no_history', lists: 1 }] });
    expect(json.rows).toHaveLength(1);
    const refused = await fewshot(['models', 'outcomes', '--within', '20000'], env('trained'));
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('--within must be at most 10080 minutes (a week), got 20000')]);
  });

  it('refuses wrong arguments and impossible steps with a message that says what to do', async () => {
    const cases: Array<[string[], RegExp | string]> = [
      [['models', 'export', '1'], 'required option \'--out <file>\' not specified'],
      [['models', 'export', 'one', '--out', 'x'], 'expected a positive integer'],
      [['models', 'export', '9', '--out', path.join(root, 'x')], 'there is no model version 9 (fewshot models list shows them)'],
      [['models', 'import', path.join(root, 'missing.fewshot')], `there is no file ${path.join(root, 'missing.fewshot')}`],
      [['models', 'promote', '9'], 'model version 9 does not exist'],
      [['models', 'rollback', '--to', '1'], 'model version 1 is READY and has never been served: promote it instead of rolling back to it'],
    ];
    for (const [args, message] of cases) {
      const run = await fewshot(args, env('trained'));
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
    }
  });
});
