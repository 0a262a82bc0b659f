import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { createMigratedPgliteFolder } from '@fewshot/db/testing';
import { inCandidateArm } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPgliteFolder } from '../testing/pglite-folder.ts';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';
import { newItemsLine, splitLine } from './models-trial-action.ts';

/**
 * `fewshot models` as an operator moves a version from the machine it was trained on to the one that serves it:
 * two embedded databases (folders), the CLI run against each. The export and import themselves are tested on both
 * engines in @fewshot/pipeline (transfer-model-version.test.ts), serving an imported version in serving/.
 */
// Each step is a `fewshot` process opening an embedded database (a second or more of CPU each): a test of a dozen
// steps needs several minutes while the rest of the suite shares the cores.
describe('fewshot models', { timeout: 300_000 }, () => {
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

  it('starts a trial of a version beside the active one, shows how each arm followed its lists, and stops it', async () => {
    // The served database: version 1 ACTIVE, version 2 RETIRED (the first test's rollback).
    expect((await fewshot(['models', 'trial', 'show'], env('served'))).stdout).toBe('no trials yet: start one with npx fewshot models trial start VERSION --share 0.1\n');
    const started = await fewshot(['models', 'trial', 'start', '2', '--share', '50%', '--planned-users', '20'], env('served'));
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toBe('trial 1: model version 2 serves 50% of known users, version 1 (active) the rest, planned for 20 users; every api replica follows as soon as it has loaded it\n'
      + 'guardrails: it stops by itself once its lists are clearly followed less often (checked by the api every few minutes, once each arm has 30 users)\n');
    expect(started.stderr).toContain('see how each arm does with: npx fewshot models trial show 1');
    expect((await fewshot(['models', 'trial', 'show'], env('served'))).stdout).toMatch(/\nno lists shown to known users during the trial yet: lists are recorded when a frontend key asks for a known user's recommendations\n$/);
    // Two users of each arm shown one list each: both of the trial's users pick its first item, one of the active
    // version's users its second.
    await withDatabase('served', async (db) => {
      const users = await db.sql.query<{ id: number; external_id: string }>('SELECT id, external_id FROM users ORDER BY id');
      const arm = (candidate: boolean) => users.filter((u) => inCandidateArm(1, u.external_id, 0.5) === candidate).slice(0, 2);
      const items = (await db.sql.query<{ id: number }>('SELECT id FROM items ORDER BY id LIMIT 3')).map((row) => Number(row.id));
      // Shown when the trial started, an hour ago, and picked 10 minutes later.
      const [trial] = await db.sql.query<{ started_at: Date }>(`UPDATE model_trials SET started_at = started_at - interval '1 hour' WHERE id = 1 RETURNING started_at`);
      const shown = trial!.started_at;
      for (const [version, members] of [[1, arm(false)], [2, arm(true)]] as const) {
        for (const user of members) {
          await db.sql.query(`INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, served_at) VALUES ($1, $2, 'few_shot', 3, $3::int[], $4)`, [user.id, version, `{${items.join(',')}}`, shown]);
        }
      }
      const picks: Array<[number, number]> = [...arm(true).map((u) => [u.id, items[0]!] as [number, number]), [arm(false)[0]!.id, items[1]!]];
      for (const [user, item] of picks) await db.sql.query(`INSERT INTO interactions (user_id, item_id, occurred_at) VALUES ($1, $2, $3::timestamptz + interval '10 minutes')`, [user, item, shown]);
    });
    const shown = await fewshot(['models', 'trial', 'show'], env('served'));
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toMatch(/^trial 1: version 2 on 50% of users against version 1, running since \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(lines[1]).toBe('guardrails: it stops by itself once its lists are clearly followed less often (checked by the api every few minutes, once each arm has 30 users)');
    expect(lines[2]).toMatch(/^events\s+arm\s+users\s+lists\s+followed\s+share\s+MRR\s+difference \(95%, any look\)$/);
    // Control: 1 of 2 followed (R = 0.5, per-user variance 0.25); trial: 2 of 2 (variance 0): +50, standard error 0.5.
    // Four users tell nothing an interval valid at every look could keep: ±3.36 · 0.5 is cut to the whole range.
    expect(lines[3]).toMatch(/^all\s+version 1 \(active\)\s+2\s+2\s+1\s+50\.0%\s+0\.250\s*$/);
    expect(lines[4]).toMatch(/^all\s+version 2 \(trial\)\s+2\s+2\s+2\s+100\.0%\s+1\.000\s+\+50\.0 pts \[-100\.0, \+100\.0\]$/);
    expect(lines[5]).toMatch(/^3-4\s+version 1 \(active\)/);
    // At 20 users the standard error should be 0.5 · √(4/20) = 0.224, and the interval ±3.035 of it.
    // And when, at the pace the four joined since the trial started.
    expect(lines).toContainEqual(expect.stringMatching(/^4 of 20 planned users \(about \d{4}-\d\d-\d\d \d\d:\d\d UTC at the pace so far\); at the plan the follow-rate interval should be about ±67\.9 pts wide, so a smaller difference will likely not show$/));
    expect(lines).toContain('split: 50.0% of users in the trial\'s arm, 50% drawn: as drawn (p = 1.0, valid at every look)');
    // What each arm did for items new to the version, named by the setting in a setting's trial; nothing where no list showed one.
    const arm = (lists: number, newItemLists: number, newItemFollowed: number) => ({ users: lists, lists, followed: 0, followRate: 0, meanReciprocalRank: 0, newItemLists, newItemFollowed, newItemFollowRate: newItemFollowed / lists });
    const comparison = { control: arm(200, 10, 2), candidate: arm(100, 100, 9), followRateDifference: null, meanReciprocalRankDifference: null, newItemFollowRateDifference: { value: 0.08, low: 0.02, high: 0.14, standardError: 0.02 } };
    expect(newItemsLine(comparison, { newItemSlots: 1, newItemWithin: null, controlVersionId: 1, candidateVersionId: 1 })).toBe('items new to the version: as set (replicas) showed one in 10 of 200 lists, 2 followed on one (1.0%); 1 new-item slot (trial) showed one in 100 of 100 lists, 9 followed on one (9.0%); difference +8.0 pts [+2.0, +14.0]');
    expect(newItemsLine({ ...comparison, control: arm(200, 0, 0), candidate: arm(100, 0, 0) }, { newItemSlots: null, newItemWithin: null, controlVersionId: 1, candidateVersionId: 2 })).toBeNull();
    // A setting's trial that bounds its slots names the bound with them.
    expect(newItemsLine(comparison, { newItemSlots: 1, newItemWithin: 50, controlVersionId: 1, candidateVersionId: 1 })).toContain('; 1 new-item slot (within the top 50) (trial) showed one in 100 of 100 lists');
    // Arms that did not split as drawn say so, and where to look.
    expect(splitLine({ sampleRatio: { controlUsers: 40, candidateUsers: 100, expectedCandidateShare: 0.5, candidateShare: 100 / 140, pValue: 0.000012, mismatch: true } }))
      .toBe('split: 71.4% of users in the trial\'s arm, 50% drawn: NOT the split the trial drew (p = 0.000012, valid at every look), so the arms\' difference may not be the version\'s and no guardrail promotes on it; look for one arm\'s lists not being recorded, or replicas that disagree on the trial');
    expect(shown.stderr).toContain('4 lists still open');
    // The timeline: each moment with the lists and follows made by then. Two moments, 30 and 60 minutes into the
    // trial, both after the picks: each reads as the results do.
    const withTimeline = (await fewshot(['models', 'trial', 'show', '--timeline', '2'], env('served'))).stdout.split('\n');
    const head = withTimeline.findIndex((line) => /^moment\s+users\s+difference \(95%, any look\)$/.test(line));
    expect(head).toBeGreaterThan(0);
    expect(withTimeline.slice(head + 1, head + 3)).toEqual(Array(2).fill(expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+4\s+\+50\.0 pts \[-100\.0, \+100\.0\]$/)));
    const json = JSON.parse((await fewshot(['models', 'trial', 'show', '1', '--json', '--within', '5'], env('served'))).stdout) as { trial: { id: number; status: string }; results: { withinMinutes: number; overall: { control: { followed: number }; candidate: { followed: number } } } };
    // Picked 10 minutes after the lists: outside a 5-minute window.
    expect(json).toMatchObject({ trial: { id: 1, status: 'RUNNING' }, results: { withinMinutes: 5, overall: { control: { followed: 0 }, candidate: { followed: 0 } } } });

    const refused = await fewshot(['models', 'trial', 'start', '2', '--share', '0.2'], env('served'));
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('trial 1 (version 2 on 50% of users) is running: stop it before starting another')]);
    expect((await fewshot(['models', 'trial', 'stop'], env('served'))).stdout).toBe('trial 1 stopped: every user is served by version 1 (active) again\n');
    // Ended by a person: no guardrail line, no reason, and no projection to a plan it will not reach.
    const ended = (await fewshot(['models', 'trial', 'show', '1'], env('served'))).stdout.split('\n');
    expect(ended[1]).toMatch(/^events\s+arm/);
    expect(ended).toContain('4 of 20 planned users: it ended before the plan');
    expect((await fewshot(['models', 'trial', 'list'], env('served'))).stdout).toMatch(/^id\s+status\s+tries\s+active\s+share\s+planned\s+started\s+ended\n1\s+stopped\s+version 2\s+1\s+50%\s+20\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/);
    // A trial started again and won: the promotion says it ended.
    const second = await fewshot(['models', 'trial', 'start', '2', '--share', '0.1', '--no-stop-if-worse', '--promote-if-better'], env('served'));
    expect(second.stdout).toContain('\nguardrails: it promotes its version by itself once they are clearly followed more often (checked by the api');
    const promoted = await fewshot(['models', 'promote', '2'], env('served'));
    expect(promoted.stderr).toContain('trial 2 ended: its version won and serves everyone now');
    expect((await fewshot(['models', 'rollback'], env('served'))).stdout).toBe('model version 1 is ACTIVE again (version 2 is RETIRED)\n');
  });

  it('tries new-item slots on the active version, which may go unnamed, and lists what each trial tried', async () => {
    // The served database as the test before left it: version 1 ACTIVE, trials 1 and 2 ended. A setting's trial cannot promote itself.
    const refusedSetting = await fewshot(['models', 'trial', 'start', '--share', '30%', '--new-item-slots', '2', '--promote-if-better'], env('served'));
    expect([refusedSetting.code, refusedSetting.stderr]).toEqual([1, expect.stringContaining('new-item slots: a trial of a setting cannot promote itself')]);
    const setting = await fewshot(['models', 'trial', 'start', '--share', '30%', '--new-item-slots', '2'], env('served'));
    expect(setting.code, setting.stderr).toBe(0);
    expect(setting.stdout).toBe('trial 3: 30% of known users get 2 new-item slots in version 1\'s lists (active), the rest as each api replica is set (FEWSHOT_NEW_ITEM_SLOTS), planned for 1,000 users; every api replica follows at once\n'
      + 'guardrails: it stops by itself once its lists are clearly followed less often (checked by the api every few minutes, once each arm has 30 users)\n');
    expect(setting.stderr).toContain('see how each arm does with: npx fewshot models trial show 3; stop it (npx fewshot models trial stop)');
    expect((await fewshot(['models', 'trial', 'show'], env('served'))).stdout).toMatch(/^trial 3: 2 new-item slots in version 1's lists on 30% of users against the api replicas' setting, running since /);
    expect((await fewshot(['models', 'trial', 'stop'], env('served'))).stdout).toBe('trial 3 stopped: every user is served by version 1 (active) again\n');
    // The slots' rank bound tried with them: here at any rank, against the replicas' bound.
    const bounded = await fewshot(['models', 'trial', 'start', '--share', '20%', '--new-item-slots', '1', '--new-item-within', '0'], env('served'));
    expect(bounded.code, bounded.stderr).toBe(0);
    expect(bounded.stdout).toMatch(/^trial 4: 20% of known users get 1 new-item slot \(at any rank\) in version 1's lists \(active\), the rest as each api replica is set \(FEWSHOT_NEW_ITEM_SLOTS and FEWSHOT_NEW_ITEM_WITHIN\), planned/);
    const listed = (await fewshot(['models', 'trial', 'list'], env('served'))).stdout;
    expect(listed).toMatch(/\n4\s+running\s+1 new-item slot \(at any rank\)\s+1\s+20%\s+1,000\s/);
    expect(listed).toMatch(/\n3\s+stopped\s+2 new-item slots\s+1\s+30%\s+1,000\s/);
    expect((await fewshot(['models', 'trial', 'stop'], env('served'))).stdout).toBe('trial 4 stopped: every user is served by version 1 (active) again\n');
  });

  it('refuses wrong arguments and impossible steps with a message that says what to do', async () => {
    const cases: Array<[string[], RegExp | string]> = [
      [['models', 'export', '1'], 'required option \'--out <file>\' not specified'],
      [['models', 'export', 'one', '--out', 'x'], 'expected a positive integer'],
      [['models', 'export', '9', '--out', path.join(root, 'x')], 'there is no model version 9 (fewshot models list shows them)'],
      [['models', 'import', path.join(root, 'missing.fewshot')], `there is no file ${path.join(root, 'missing.fewshot')}`],
      [['models', 'promote', '9'], 'model version 9 does not exist'],
      [['models', 'rollback', '--to', '1'], 'model version 1 is READY and has never been served: promote it instead of rolling back to it'],
      [['models', 'trial', 'start', '1'], 'required option \'--share <fraction>\' not specified'],
      [['models', 'trial', 'start', '--share', '0.1'], 'say which version to try (npx fewshot models list shows them), or try a setting on the active version with --new-item-slots N'],
      [['models', 'trial', 'start', '--share', '0.1', '--new-item-slots', 'two'], 'expected a whole number ≥ 0'],
      [['models', 'trial', 'start', '1', '--share', '0.1', '--new-item-slots', '101'], 'new-item slots must be a whole number from 0 to 100 (the slots the trial\'s lists keep for items added after training), got 101'],
      [['models', 'trial', 'start', '--share', '0.1', '--new-item-within', '50'], '--new-item-within bounds the slots a trial tries: give --new-item-slots N with it'],
      [['models', 'trial', 'start', '--share', '0.1', '--new-item-slots', '2'], 'no model version is ACTIVE: a trial of new-item slots tries them on the active version, so promote a version first'],
      [['models', 'trial', 'start', '1', '--share', 'half'], 'expected a fraction such as 0.1, or a percentage such as 10%'],
      [['models', 'trial', 'start', '1', '--share', '150%'], 'share must be from 0.01 to 0.99 (the fraction of users the trial\'s version serves), got 1.5'],
      [['models', 'trial', 'start', '1', '--share', '0.1', '--planned-users', 'many'], 'expected a positive integer'],
      [['models', 'trial', 'start', '1', '--share', '0.1', '--planned-users', '5'], 'planned users must be a whole number from 20 to 10,000,000 (the users, both arms together, the trial means to reach), got 5'],
      [['models', 'trial', 'start', '1', '--share', '0.1'], 'no model version is ACTIVE: a trial compares a version with the active one, so promote a version first'],
      [['models', 'trial', 'stop'], 'no trial is running'],
      [['models', 'trial', 'show', '7'], 'trial 7 does not exist (npx fewshot models trial list shows them)'],
      [['models', 'trial', 'show', '--timeline', '51'], '--timeline must be from 1 to 50 moments, got 51'],
    ];
    for (const [args, message] of cases) {
      const run = await fewshot(args, env('trained'));
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
    }
  });
});
