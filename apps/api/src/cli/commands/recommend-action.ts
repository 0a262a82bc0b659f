import type { Database } from '@fewshot/db';
import { listReasons } from '../../serving/list-reasons.ts';
import { recommend, type RecommendationResult } from '../../serving/recommend.ts';
import { textTable } from '../text-table.ts';
import { cliError } from './cli-error.ts';
import type { RecommendOptions } from './recommend.ts';
import { withServing } from './with-serving.ts';

/** The request's fields as this command's arguments name them: what a refusal points at. */
const FLAGS: Record<string, string> = {
  userId: 'USER', recentItemIds: '--items', first: '--first', newItems: '--new-items', newItemsWithin: '--new-items-within',
  'filter.genres': '--genres', 'filter.excludeItemIds': '--exclude',
};

/** What the paths of `recommend` mean, in words. */
const PATHS: Record<RecommendationResult['path'], string> = {
  few_shot: 'few-shot: adapted to their events',
  cold_unadapted: 'cold: not adapted',
  warm: 'warm',
  no_history: 'no history',
  no_model: 'no model version active',
};

/** What `fewshot recommend` does (see ./recommend.ts for its options). */
export async function recommendNow(user: string | undefined, options: RecommendOptions): Promise<void> {
  if ((user === undefined) === (options.items === undefined)) throw new Error('say whose list: a user\'s id, or an anonymous visitor\'s items with --items m1,m17 (not both)');
  await withServing(options, async (db, serving) => {
    const request = {
      userId: user ?? null,
      recentItemIds: options.items ?? null,
      first: options.first,
      excludeSeen: !options.includeSeen,
      filter: { genres: options.genres ?? null, excludeItemIds: options.exclude ?? null },
      newItems: options.newItems ?? null,
      newItemsWithin: options.newItemsWithin ?? null,
    };
    let list: RecommendationResult;
    try {
      list = await recommend(db, serving.registry, request, serving.settings);
    } catch (error) {
      throw cliError(error, FLAGS);
    }
    const reasons = list.source === 'MODEL' ? await listReasons(serving.registry, list) : new Map<number, { itemId: number; similarity: number }>();
    const items = await itemsById(db, [...list.items.map((item) => item.itemId), ...[...reasons.values()].map((reason) => reason.itemId)]);
    const named = list.items.map((entry) => {
      const item = items.get(entry.itemId);
      const reason = reasons.get(entry.itemId);
      const because = reason ? items.get(reason.itemId) : undefined;
      return {
        rank: entry.rank, id: item?.externalId ?? null, title: item?.title ?? null, score: entry.score,
        newItem: entry.newItem ?? false, newToVersion: entry.newToVersion ?? false, addedAfterTraining: entry.addedAfterTraining ?? false,
        because: because ? { id: because.externalId, title: because.title, similarity: reason!.similarity } : null,
      };
    });
    if (options.json) {
      const { items: _, readItemIds: __, userId: ___, ...rest } = list;
      console.log(JSON.stringify({ ...rest, items: named }, null, 2));
      return;
    }
    const whose = user !== undefined ? `user ${JSON.stringify(user)}` : `the sequence ${options.items!.join(', ')}`;
    const events = `${list.historyLength} event${list.historyLength === 1 ? '' : 's'}`;
    if (list.source === 'MODEL') {
      console.log(`${whose} (${events}): model version ${list.modelVersion!.id} (${list.modelVersion!.name}), ${PATHS[list.path]}`);
      if (list.fewShotReason) console.log(list.fewShotReason);
      console.log(`fusion weights: ${Object.entries(list.weights ?? {}).map(([name, weight]) => `${name} ${weight.toFixed(2)}`).join(' · ')}`);
    } else {
      console.log(`${whose} (${events}): counted list (${list.reason})`);
    }
    if (named.length === 0) {
      console.log('no item to recommend: every active item is left out (had already, excluded, or of another genre)');
      return;
    }
    const model = list.source === 'MODEL';
    console.log(textTable(
      ['rank', 'item', 'title', model ? 'score' : 'events', ...(model ? ['because of', 'new'] : [])],
      named.map((entry) => [
        String(entry.rank), entry.id ?? '(deleted)', entry.title ?? '', model ? entry.score.toFixed(3) : String(entry.score),
        ...(model ? [entry.because ? `${entry.because.id} (${entry.because.similarity.toFixed(2)})` : '', newness(entry)] : []),
      ]),
    ));
  });
}

/** Why an item counts as new, in a few words: empty for the items the version learned from. */
function newness({ newItem, newToVersion, addedAfterTraining }: { newItem: boolean; newToVersion: boolean; addedAfterTraining: boolean }): string {
  if (!newToVersion) return '';
  const what = addedAfterTraining ? 'added after training' : 'no training events';
  return newItem ? `slot: ${what}` : what;
}

async function itemsById(db: Database, ids: number[]): Promise<Map<number, { externalId: string; title: string }>> {
  const rows = await db.prisma.item.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, externalId: true, title: true } });
  return new Map(rows.map((row) => [row.id, row]));
}
