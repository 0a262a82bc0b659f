import 'server-only';
import { graphql } from '@/gql';
import type { ItemReachQuery, ItemReachWithSlotQuery } from '@/gql/graphql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';

/** How many of the most recently active users the reach check ranks the item for, and the list length that counts. */
export const REACH_USERS = 200;
export const REACH_DEPTH = 10;
/** How many of them the page names, best placed first. */
export const REACH_NAMED = 20;

const ItemReachRequest = graphql(`
  query ItemReach($itemId: ID!, $users: Int!, $depth: Int!, $first: Int!) {
    itemReach(itemId: $itemId, users: $users, depth: $depth, first: $first) {
      depth newToVersion usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason
      modelVersion { id name }
      rankRanges { from to users }
      byPath { path users reached }
      users { user { id } historyLength path rank position inNewItemSlot }
    }
  }
`);

const ItemReachWithSlot = graphql(`
  query ItemReachWithSlot($itemId: ID!, $users: Int!, $depth: Int!) {
    itemReach(itemId: $itemId, users: $users, depth: $depth, first: 0, newItems: 1) { usersChecked reached reachedInNewItemSlot }
  }
`);

const ItemNeighbours = graphql(`
  query ItemNeighbours($id: ID!, $first: Int!) {
    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }
  }
`);

export type Reach = ItemReachQuery['itemReach'] & {
  /** For an item added after the serving version's training: whom it would reach with one new-item slot in every list. */
  withOneSlot: ItemReachWithSlotQuery['itemReach'] | null;
};

/**
 * Whom the item reaches now: the api ranks it in the lists of the most recently active users (`itemReach`). An item
 * new to the serving version (added since its training, or without events in it) is asked about a second time with one new-item slot in every list, which is
 * what decides whether such an item is shown at all.
 */
export async function itemReach(session: Pick<Session, 'key'>, itemId: string): Promise<Reach> {
  const reach = (await request(session, ItemReachRequest, { itemId, users: REACH_USERS, depth: REACH_DEPTH, first: REACH_NAMED })).itemReach;
  // Where lists already slot it (a trial's arm, or the replicas' setting), the answer itself says what slots do.
  const asNew = reach.newToVersion && reach.reason === null && reach.reachedInNewItemSlot === 0;
  const withOneSlot = asNew ? (await request(session, ItemReachWithSlot, { itemId, users: REACH_USERS, depth: REACH_DEPTH })).itemReach : null;
  return { ...reach, withOneSlot };
}

/** The item's nearest neighbours by the active model's vectors (empty until a model version is active). */
export async function itemNeighbours(session: Pick<Session, 'key'>, itemId: string, first = 12) {
  return (await request(session, ItemNeighbours, { id: itemId, first })).similarItems.map((s) => ({ similarity: s.similarity, id: s.item.id, title: s.item.title, year: s.item.year ?? null, hasImage: Boolean(s.item.imageUrl) }));
}

export type Neighbour = Awaited<ReturnType<typeof itemNeighbours>>[number];
