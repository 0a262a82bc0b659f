import { listUserServedLists } from '../../services/user-served-lists.ts';
import { textTable, utcMinute } from '../text-table.ts';
import { cliError } from './cli-error.ts';
import type { DatabaseOption } from './database-option.ts';
import { PATH_WORDS } from './path-words.ts';
import { withDatabase } from './with-database.ts';

/** What `fewshot users lists` does (see ./users.ts for its options): User.servedLists, for an operator. */
export async function showServedLists(externalId: string, options: DatabaseOption & { first: number; within: number; json?: boolean }): Promise<void> {
  await withDatabase(options, async (db) => {
    const user = await db.prisma.user.findUnique({ where: { externalId }, select: { id: true } });
    if (!user) throw new Error(`there is no user ${JSON.stringify(externalId)}`);
    let page;
    try {
      page = await listUserServedLists(db, { userId: user.id, first: options.first, withinMinutes: options.within });
    } catch (error) {
      throw cliError(error, { first: '--first', withinMinutes: '--within' });
    }
    const ids = [...new Set(page.nodes.flatMap((list) => list.itemIds))];
    const items = new Map((await db.prisma.item.findMany({ where: { id: { in: ids } }, select: { id: true, externalId: true } })).map((item) => [item.id, item.externalId]));
    const name = (id: number) => items.get(id) ?? '(deleted)';
    const lists = page.nodes.map((list) => ({
      servedAt: list.servedAt, modelVersionId: list.modelVersionId, path: list.path, historyLength: list.historyLength, open: list.open,
      items: list.itemIds.map((id) => ({ id: name(id), newToVersion: list.newItemIds.includes(id) })),
      followed: list.followed ? { id: name(list.followed.itemId), rank: list.followed.rank, minutesAfter: (list.followed.occurredAt.getTime() - list.servedAt.getTime()) / 60_000 } : null,
    }));
    if (options.json) {
      console.log(JSON.stringify({ totalCount: page.totalCount, lists }, null, 2));
      return;
    }
    if (lists.length === 0) {
      console.log(`no list recorded for user ${JSON.stringify(externalId)}: lists are recorded when a frontend key asks for a known user's recommendations`);
      return;
    }
    console.log(`user ${JSON.stringify(externalId)}: ${lists.length === page.totalCount ? `${page.totalCount}` : `the latest ${lists.length} of ${page.totalCount}`} list${page.totalCount === 1 ? '' : 's'} shown, newest first; followed: their first event on one of its items within ${options.within} minutes`);
    console.log(textTable(['shown', 'version', 'path', 'events', 'followed', 'items (new: new to the version)'], lists.map((list) => [
      utcMinute(list.servedAt), list.modelVersionId === null ? 'counts' : String(list.modelVersionId), PATH_WORDS[list.path] ?? list.path, String(list.historyLength),
      list.followed ? `#${list.followed.rank} ${list.followed.id} after ${Math.round(list.followed.minutesAfter)} min` : list.open ? 'not yet (open)' : 'no',
      list.items.map((item) => `${item.id}${item.newToVersion ? ' (new)' : ''}`).join(', '),
    ])));
  });
}
