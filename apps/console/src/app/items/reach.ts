import 'server-only';
import { graphql } from '@/gql';
import type { RecommendationSource } from '@/gql/graphql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';

/** How many users the reach check asks about, and how deep in each list it looks. */
export const REACH_USERS = 20;
export const REACH_DEPTH = 20;

const ItemReachUsers = graphql(`
  query ItemReachUsers($first: Int!) {
    users(first: $first, orderBy: RECENTLY_ACTIVE) { totalCount nodes { id interactionCount } }
  }
`);

const ItemReachRecommendations = graphql(`
  query ItemReachRecommendations($userId: ID!, $first: Int!) {
    recommendations(userId: $userId, first: $first) { source fewShot items { rank item { id } } }
  }
`);

const ItemNeighbours = graphql(`
  query ItemNeighbours($id: ID!, $first: Int!) {
    similarItems(itemId: $id, first: $first) { similarity item { id title year imageUrl } }
  }
`);

export interface Reach {
  /** Users asked about (the most recently active ones). */
  checked: number;
  /** Users with any interaction. */
  totalUsers: number;
  /** Those whose current top REACH_DEPTH includes the item, with its rank. */
  hits: Array<{ userId: string; rank: number; interactionCount: number; fewShot: boolean; source: RecommendationSource }>;
}

/**
 * Which users the item reaches now. No query answers "who gets this item", so this asks the recommendations of the
 * REACH_USERS most recently active users (the ones who will see the catalog next; unseen items, top REACH_DEPTH
 * each) and keeps those that include it.
 */
export async function itemReach(session: Pick<Session, 'key'>, itemId: string): Promise<Reach> {
  const { users } = await request(session, ItemReachUsers, { first: REACH_USERS });
  const lists = await Promise.all(users.nodes.map(async (user) => ({ user, list: (await request(session, ItemReachRecommendations, { userId: user.id, first: REACH_DEPTH })).recommendations })));
  const hits = lists.flatMap(({ user, list }) => {
    const found = list.items.find((entry) => entry.item.id === itemId);
    return found ? [{ userId: user.id, rank: found.rank, interactionCount: user.interactionCount, fewShot: list.fewShot, source: list.source }] : [];
  });
  return { checked: users.nodes.length, totalUsers: users.totalCount, hits: hits.sort((a, b) => a.rank - b.rank) };
}

/** The item's nearest neighbours by the active model's vectors (empty until a model version is active). */
export async function itemNeighbours(session: Pick<Session, 'key'>, itemId: string, first = 12) {
  return (await request(session, ItemNeighbours, { id: itemId, first })).similarItems.map((s) => ({ similarity: s.similarity, id: s.item.id, title: s.item.title, year: s.item.year ?? null, hasImage: Boolean(s.item.imageUrl) }));
}

export type Neighbour = Awaited<ReturnType<typeof itemNeighbours>>[number];
