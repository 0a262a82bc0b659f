import { itemReach, type ItemReach } from '../../serving/item-reach.ts';
import { textTable } from '../text-table.ts';
import type { ItemReachOptions } from './items.ts';
import { cliError } from './cli-error.ts';
import { PATH_WORDS } from './path-words.ts';
import { withServing } from './with-serving.ts';

const FLAGS: Record<string, string> = { itemId: 'ITEM', users: '--users', depth: '--depth', first: '--first', newItems: '--new-items' };

/** What `fewshot items reach` does (see ./items.ts for its options). */
export async function reachNow(itemId: string, options: ItemReachOptions): Promise<void> {
  await withServing(options, async (db, serving) => {
    let reach: ItemReach;
    try {
      reach = await itemReach(db, serving.registry, { itemId, users: options.users, depth: options.depth, first: options.first, newItems: options.newItems ?? null }, serving.settings);
    } catch (error) {
      throw cliError(error, FLAGS);
    }
    const names = new Map((await db.prisma.user.findMany({ where: { id: { in: reach.users.map((user) => user.userId) } }, select: { id: true, externalId: true } })).map((user) => [user.id, user.externalId]));
    if (options.json) {
      console.log(JSON.stringify({ ...reach, users: reach.users.map(({ userId, ...user }) => ({ ...user, externalId: names.get(userId) ?? user.externalId })) }, null, 2));
      return;
    }
    const version = reach.modelVersion ? `version ${reach.modelVersion.id} (${reach.modelVersion.name})` : 'no version';
    const what = reach.newToVersion ? (reach.addedAfterTraining ? 'added after its training' : 'new to it: no training events') : 'one it learned from';
    console.log(`item ${JSON.stringify(itemId)}, for ${version}: ${what}`);
    if (reach.reason) {
      console.log(`reaches nobody: ${reach.reason}`);
      return;
    }
    const slots = reach.newItems === null ? 'as their lists are served' : `with ${reach.newItems} new-item slot${reach.newItems === 1 ? '' : 's'} in every list`;
    console.log(`reaches ${reach.reached} of the ${reach.usersChecked} most recently active users (of ${reach.usersWithHistory} with events) in their top ${reach.depth}, ${slots}: ${reach.reachedInNewItemSlot} through a new-item slot; ${reach.alreadyHad} had it already${reach.notRanked ? `; ${reach.notRanked} could not be ranked` : ''}`);
    console.log(`median rank ${reach.medianRank ?? '-'}; users by rank: ${reach.rankRanges.map((range) => `${range.to === null ? `${range.from}+` : `${range.from}-${range.to}`}: ${range.users}`).join(' · ')}`);
    console.log(`by path: ${reach.byPath.map((entry) => `${PATH_WORDS[entry.path] ?? entry.path} ${entry.reached} of ${entry.users}`).join(' · ')}`);
    if (reach.users.length > 0) {
      console.log(textTable(['user', 'events', 'path', 'rank', 'in list', 'version'], reach.users.map((user) => [
        names.get(user.userId) ?? user.externalId, String(user.historyLength), PATH_WORDS[user.path] ?? user.path, String(user.rank),
        user.position === null ? '-' : `${user.position}${user.inNewItemSlot ? ' (slot)' : ''}`, String(user.modelVersionId),
      ])));
    }
  });
}
