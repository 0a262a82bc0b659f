import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { ServedListLog, type ServedListEntry } from '../serving/served-list-log.ts';
import { recordInteractions } from './record-interactions.ts';
import { listUserServedLists } from './user-served-lists.ts';

const targets = await testDatabaseTargets();

describe.each(targets)('a user\'s served lists on $kind', ({ create }) => {
  let db: TestDatabase;
  let versionId = 0;
  const item = new Map<string, number>();
  const user = new Map<string, number>();
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
  const now = at(200);
  const lists = (userName: string, options: { first?: number; after?: string | null; withinMinutes?: number } = {}) =>
    listUserServedLists(db, { userId: user.get(userName)!, first: 10, withinMinutes: 60, ...options }, now);
  const list = (userName: string, itemNames: string[], minute: number, more: Partial<ServedListEntry> = {}): ServedListEntry => ({
    userId: user.get(userName)!, modelVersionId: versionId, path: 'few_shot', historyLength: 3, itemIds: itemNames.map((name) => item.get(name)!), servedAt: at(minute), ...more,
  });

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
    for (const row of await db.prisma.item.findMany()) item.set(row.externalId, row.id);
    await recordInteractions(db, ['u1', 'u2'].map((id) => ({ userId: id, itemId: 'e', occurredAt: at(0) })), now);
    for (const row of await db.prisma.user.findMany()) user.set(row.externalId, row.id);
    versionId = (await db.prisma.modelVersion.create({ data: { name: 'v1', status: 'ACTIVE' } })).id;
    const log = new ServedListLog(db, { sample: 1, retentionDays: 3650, log: () => {} });
    // u1: a list followed twice (first on its third item 20 minutes later), one never followed, one still open; u2: one.
    log.record(list('u1', ['a', 'b', 'c'], 10, { newItemIds: [item.get('c')!] }));
    log.record(list('u1', ['d', 'e'], 100, { modelVersionId: null, path: 'no_model', historyLength: 1 }));
    log.record(list('u1', ['a', 'b'], 180, { path: 'warm', historyLength: 25 }));
    log.record(list('u2', ['a'], 20));
    await log.close();
    await recordInteractions(db, [
      { userId: 'u1', itemId: 'c', occurredAt: at(30) },
      { userId: 'u1', itemId: 'a', occurredAt: at(50) },
      // After the window of the list before it (60 minutes), and dated after `now`: neither follows a list.
      { userId: 'u1', itemId: 'd', occurredAt: at(170) },
      { userId: 'u1', itemId: 'b', occurredAt: at(230) },
      { userId: 'u2', itemId: 'a', occurredAt: at(25) },
    ], at(300));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('lists what the user was shown, newest first, each with its first following event and whether it can still be followed', async () => {
    const page = await lists('u1');
    expect(page.totalCount).toBe(3);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.nodes.map(({ servedAt, modelVersionId, path, historyLength, itemIds, newItemIds, followed, open }) => ({ servedAt, modelVersionId, path, historyLength, itemIds, newItemIds, followed, open }))).toEqual([
      { servedAt: at(180), modelVersionId: versionId, path: 'warm', historyLength: 25, itemIds: [item.get('a'), item.get('b')], newItemIds: [], followed: null, open: true },
      { servedAt: at(100), modelVersionId: null, path: 'no_model', historyLength: 1, itemIds: [item.get('d'), item.get('e')], newItemIds: [], followed: null, open: false },
      { servedAt: at(10), modelVersionId: versionId, path: 'few_shot', historyLength: 3, itemIds: [item.get('a'), item.get('b'), item.get('c')], newItemIds: [item.get('c')], followed: { itemId: item.get('c'), rank: 3, occurredAt: at(30) }, open: false },
    ]);
    // A window of 10 minutes: the event 20 minutes after the first list no longer follows it.
    expect((await lists('u1', { withinMinutes: 10 })).nodes[2]!.followed).toBeNull();
    // Another user's lists are theirs.
    expect((await lists('u2')).nodes.map((node) => node.followed?.rank)).toEqual([1]);
  });

  it('pages with a cursor, without overlap or gap', async () => {
    const first = await lists('u1', { first: 2 });
    expect(first.nodes.map((node) => node.servedAt)).toEqual([at(180), at(100)]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await lists('u1', { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((node) => node.servedAt)).toEqual([at(10)]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page size, window or cursor out of range, naming the field', async () => {
    const refused = async (options: Parameters<typeof lists>[1]) => {
      const error = await lists('u1', options).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return [(error as AppError).message, ((error as AppError).extensions.details as { field?: string }).field];
    };
    expect(await refused({ first: 0 })).toEqual(['first must be an integer from 1 to 100, got 0', 'first']);
    expect(await refused({ withinMinutes: 20_000 })).toEqual(['withinMinutes must be a whole number from 1 to 10080 (a week), got 20000', 'withinMinutes']);
    expect((await refused({ after: 'not-a-cursor' }))[1]).toBe('after');
  });
});
