import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '@fewshot/db';
import { createMigratedPgliteFolder } from '@fewshot/db/testing';
import { storeFeatureOutcomes } from '@fewshot/pipeline/features';
import { promoteModelVersion } from '@fewshot/pipeline/lifecycle';
import { seedDemoSlice, trainTinyVersion } from '@fewshot/pipeline/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { itemReach } from '../../serving/item-reach.ts';
import { recommend } from '../../serving/recommend.ts';
import { createServing } from '../../serving/serving-state.ts';
import { idList } from '../arguments.ts';
import { withPgliteFolder } from '../testing/pglite-folder.ts';
import { runFewshot as fewshot } from '../testing/run-fewshot.ts';
import { reachNow } from './items-action.ts';
import { recommendNow } from './recommend-action.ts';
import { showServedLists } from './users-lists-action.ts';

/**
 * `fewshot recommend`, `fewshot items reach` and `fewshot users lists` against a database with an active version:
 * each answers what the api's own function answers, in words (or JSON), and refuses wrong arguments naming the
 * argument. One run as an operator's process; the rest call the commands' actions in this process (a process costs
 * seconds of startup each), with what they print captured.
 */
describe('fewshot recommend, items reach, users lists', { timeout: 300_000 }, () => {
  let root: string;
  const env = () => ({ FEWSHOT_DATA_DIR: root, DATABASE_URL: '' });
  /** Runs a command's action here: what it prints on stdout, as lines, or what it refused with. */
  const printed = async (action: () => Promise<void>): Promise<{ lines: string[]; stdout: string }> => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await action();
    } finally {
      log.mockRestore();
      stderr.mockRestore();
    }
    const stdout = lines.join('\n');
    return { lines: stdout.split('\n'), stdout };
  };
  const withDatabase = <T>(work: (db: Database) => Promise<T>) => withPgliteFolder(path.join(root, 'pglite'), work);
  /** The same question asked of the api's functions in this process, served as the CLI's defaults serve it. */
  const inProcess = <T>(work: (db: Database, serving: ReturnType<typeof createServing>) => Promise<T>) => withDatabase(async (db) => {
    const serving = createServing(db, { FEWSHOT_EXECUTION_PROVIDERS: 'cpu', FEWSHOT_COLD_THRESHOLD: 20, FEWSHOT_ADAPTATION_CACHE: 0, FEWSHOT_MODEL_POLL_MS: 60_000, FEWSHOT_ADAPTATION_THREADS: 0, FEWSHOT_NEW_ITEM_SLOTS: 1, FEWSHOT_NEW_ITEM_WITHIN: 50 }, () => {});
    try {
      await serving.registry.refresh();
      return await work(db, serving);
    } finally {
      await serving.registry.close();
    }
  });

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'fewshot-recommend-'));
    await createMigratedPgliteFolder(path.join(root, 'pglite'));
    await withDatabase(async (db) => {
      await seedDemoSlice(db);
      // Catalogued before training, never picked: new to the version.
      const unpicked = await db.prisma.item.create({ data: { externalId: 'unpicked', title: 'Never picked', attributes: { genres: ['Comedy'] } } });
      await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'synthetic', version: '1', dimension: 6 }, [{ itemId: unpicked.id, sourceSha256: 'u', outcome: { ok: true, vector: Float32Array.of(0.5, 1, -1, 0, 1.5, 0) } }]);
      const { versionId } = await trainTinyVersion(db, 'tiny');
      await promoteModelVersion(db, versionId);
      // Two lists a frontend showed u3, an hour apart; u3 took the second item of the later one four minutes after.
      const id = async (externalId: string) => (await db.prisma.item.findUniqueOrThrow({ where: { externalId } })).id;
      const user = (await db.prisma.user.findUniqueOrThrow({ where: { externalId: 'u3' } })).id;
      const [m44, m10, m6] = [await id('m44'), await id('m10'), await id('m6')];
      const earlier = new Date(Date.now() - 3 * 3_600_000);
      const later = new Date(Date.now() - 2 * 3_600_000);
      await db.sql.query(
        `INSERT INTO served_lists (user_id, model_version_id, path, history_length, item_ids, new_item_ids, served_at) VALUES
         ($1, $2, 'warm', 36, $3::int[], '{}', $5), ($1, $2, 'warm', 36, $4::int[], $6::int[], $7)`,
        [user, versionId, [m44, m10], [m44, unpicked.id, m6], earlier, [unpicked.id], later],
      );
      await db.prisma.interaction.create({ data: { userId: user, itemId: unpicked.id, occurredAt: new Date(later.getTime() + 4 * 60_000) } });
    });
    // The actions open the embedded database the environment names, as the CLI does.
    vi.stubEnv('FEWSHOT_DATA_DIR', root);
    vi.stubEnv('DATABASE_URL', '');
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(root, { recursive: true, force: true });
  });

  it('prints the list the api would give a user, with why, and the same list as JSON', async () => {
    const run = await fewshot(['recommend', 'u3', '--first', '5'], env());
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^user "u3" \(37 events\): model version 1 \(tiny\), warm$/);
    expect(lines[1]).toBe('37 events, at or above the cold threshold (20): the meta-trained model ranked as it is, without adapting');
    expect(lines[2]).toMatch(/^fusion weights: id 0\.\d\d · text 0\.\d\d$/);
    expect(lines[3]).toMatch(/^rank\s+item\s+title\s+score\s+because of\s+new$/);
    expect(lines.slice(4)).toHaveLength(5);
    const json = JSON.parse((await printed(() => recommendNow('u3', { first: 5, json: true }))).stdout) as { source: string; path: string; items: Array<{ rank: number; id: string; newItem: boolean; newToVersion: boolean; because: { id: string } | null }> };
    const expected = await inProcess(async (db, serving) => {
      const list = await recommend(db, serving.registry, { userId: 'u3', first: 5, excludeSeen: true }, serving.settings);
      const rows = await db.prisma.item.findMany({ where: { id: { in: list.items.map((item) => item.itemId) } } });
      return list.items.map((item) => rows.find((row) => row.id === item.itemId)!.externalId);
    });
    expect(json).toMatchObject({ source: 'MODEL', path: 'warm' });
    expect(json.items.map((item) => item.id)).toEqual(expected);
    lines.slice(4).forEach((line, i) => expect(line).toMatch(new RegExp(`^${i + 1}\\s+${expected[i]}\\s`)));
    expect(json.items.every((item) => item.because !== null)).toBe(true);
  });

  it('marks an item new to the version that a slot placed, and serves an anonymous sequence', async () => {
    const run = await printed(() => recommendNow('u3', { first: 5, newItems: 1, newItemsWithin: 0 }));
    // u3 has had it since: left out. A visitor who has not is shown it in the slot (rank 3 of 5).
    expect(run.stdout).not.toContain('unpicked');
    const { lines } = await printed(() => recommendNow(undefined, { items: ['m3', 'm9'], first: 5, newItems: 1, newItemsWithin: 0 }));
    expect(lines[0]).toBe('the sequence m3, m9 (2 events): model version 1 (tiny), cold: not adapted');
    expect(lines[1]).toMatch(/^2 events; this version adapts on 3 or more/);
    expect(lines.find((line) => line.startsWith('3 '))).toMatch(/^3\s+unpicked\s+Never picked\s+-?\d+\.\d{3}\s+.*slot: no training events$/);
  });

  it('says whom an item reaches, as the api does, and why nobody for an unknown item', async () => {
    const { lines } = await printed(() => reachNow('unpicked', { users: 40, depth: 20, first: 3 }));
    expect(lines[0]).toBe('item "unpicked", for version 1 (tiny): new to it: no training events');
    const expected = await inProcess((db, serving) => itemReach(db, serving.registry, { itemId: 'unpicked', users: 40, depth: 20, first: 3 }, serving.settings));
    expect(lines[1]).toBe(`reaches ${expected.reached} of the 40 most recently active users (of ${expected.usersWithHistory} with events) in their top 20, as their lists are served: ${expected.reachedInNewItemSlot} through a new-item slot; ${expected.alreadyHad} had it already`);
    expect(lines[2]).toBe(`median rank ${expected.medianRank}; users by rank: ${expected.rankRanges.map((r) => `${r.to === null ? `${r.from}+` : `${r.from}-${r.to}`}: ${r.users}`).join(' · ')}`);
    expect(lines[4]).toMatch(/^user\s+events\s+path\s+rank\s+in list\s+version$/);
    expect(lines.slice(5).map((line) => line.split(/\s+/)[0])).toEqual(expected.users.map((user) => user.externalId));
    const json = JSON.parse((await printed(() => reachNow('m5', { users: 5, depth: 20, first: 20, json: true }))).stdout) as { newToVersion: boolean; addedAfterTraining: boolean; usersChecked: number };
    expect(json).toMatchObject({ newToVersion: false, addedAfterTraining: false, usersChecked: 5 });
  });

  it('lists what a frontend showed a user, newest first, and which item they took', async () => {
    const { lines } = await printed(() => showServedLists('u3', { first: 10, within: 1440 }));
    expect(lines[0]).toBe('user "u3": 2 lists shown, newest first; followed: their first event on one of its items within 1440 minutes');
    expect(lines[1]).toMatch(/^shown\s+version\s+path\s+events\s+followed\s+items \(new: new to the version\)$/);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+1\s+warm\s+36\s+#2 unpicked after 4 min\s+m44, unpicked \(new\), m6$/);
    expect(lines[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+1\s+warm\s+36\s+not yet \(open\)\s+m44, m10$/);
    expect((await printed(() => showServedLists('u5', { first: 10, within: 1440 }))).stdout).toBe('no list recorded for user "u5": lists are recorded when a frontend key asks for a known user\'s recommendations');
  });

  it('refuses wrong arguments naming the argument, and says what to do', async () => {
    // As an operator meets it: the process exits 1 with the reason, before opening anything.
    const neither = await fewshot(['recommend'], env());
    expect([neither.code, neither.stderr]).toEqual([1, 'fewshot: say whose list: a user\'s id, or an anonymous visitor\'s items with --items m1,m17 (not both)\n']);
    const cases: Array<[() => Promise<void>, string]> = [
      [() => recommendNow('u3', { items: ['m3'], first: 10 }), 'say whose list: a user\'s id, or an anonymous visitor\'s items with --items m1,m17 (not both)'],
      [() => recommendNow('ghost', { first: 10 }), 'USER: there is no user "ghost"'],
      [() => recommendNow('u3', { first: 500 }), '--first: first must be an integer from 1 to 100, got 500'],
      [() => recommendNow('u3', { first: 10, newItems: 20 }), '--new-items: newItems must be a whole number from 0 to first (10), got 20'],
      [() => recommendNow(undefined, { items: ['m3', 'nope'], first: 10 }), '--items: no item with id "nope"'],
      [() => reachNow('ghost', { users: 10, depth: 20, first: 20 }), 'ITEM: there is no item "ghost"'],
      [() => reachNow('m5', { users: 5000, depth: 20, first: 20 }), '--users: users must be a whole number from 1 to 1000, got 5000'],
      [() => showServedLists('ghost', { first: 10, within: 1440 }), 'there is no user "ghost"'],
      [() => showServedLists('u3', { first: 10, within: 0 }), '--within: withinMinutes must be a whole number from 1 to 10080 (a week), got 0'],
    ];
    for (const [action, message] of cases) await expect(printed(action), message).rejects.toThrow(message);
    expect(() => idList('m3,')).toThrow('expected comma-separated ids, e.g. m1,m17,m42');
  });
});
