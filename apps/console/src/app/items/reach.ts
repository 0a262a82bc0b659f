import 'server-only';
import { graphql } from '@/gql';
import type { ItemReachQuery } from '@/gql/graphql';
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
      depth usersChecked usersWithHistory reached reachedInNewItemSlot alreadyHad notRanked medianRank reason
      modelVersion { id name }
      rankRanges { from to users }
      byPath { path users reached }
      users { user { id } historyLength path rank position inNewItemSlot }
    }
  }
`);

const ItemNeighbours = graphql(`
  query ItemNeighbours($id: ID!, $first: Int!) {
    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }
  }
`);

export type Reach = ItemReachQuery['itemReach'];

/** Whom the item reaches now: the api ranks it in the lists of the most recently active users (`itemReach`). */
export async function itemReach(session: Pick<Session, 'key'>, itemId: string): Promise<Reach> {
  return (await request(session, ItemReachRequest, { itemId, users: REACH_USERS, depth: REACH_DEPTH, first: REACH_NAMED })).itemReach;
}

/** The item's nearest neighbours by the active model's vectors (empty until a model version is active). */
export async function itemNeighbours(session: Pick<Session, 'key'>, itemId: string, first = 12) {
  return (await request(session, ItemNeighbours, { id: itemId, first })).similarItems.map((s) => ({ similarity: s.similarity, id: s.item.id, title: s.item.title, year: s.item.year ?? null, hasImage: Boolean(s.item.imageUrl) }));
}

export type Neighbour = Awaited<ReturnType<typeof itemNeighbours>>[number];
