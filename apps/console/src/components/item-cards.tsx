import Link from 'next/link';
import type { ReactNode } from 'react';
import { ItemThumb } from './item-thumb';

/** Like panels.tsx's EmptyState, which this cannot import: these cards also render in a client component. */
function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (<div className="empty" role="status"><strong>{title}</strong><p>{children}</p></div>);
}

export interface ItemCard {
  id: string;
  title: string;
  year: number | null;
  hasImage: boolean;
  similarity: number;
}

/** Nearest neighbours as image cards, each linking to its item's page. */
export function ItemNeighbourCards({ neighbours }: { neighbours: ItemCard[] }) {
  if (neighbours.length === 0) {
    return <EmptyState title="No neighbours">Neighbours come from the active model version&apos;s item vectors: there is no active version, or the model has not placed this item yet.</EmptyState>;
  }
  return (
    <ul className="grid item-cards" aria-label="Nearest neighbours">
      {neighbours.map((n) => (
        <li key={n.id} className="card" data-testid="neighbour">
          <Link href={`/items/${encodeURIComponent(n.id)}`}>
            <ItemThumb id={n.id} title={n.title} hasImage={n.hasImage} className="item-card-image" />
            <span className="item-card-title">{n.title}</span>
          </Link>
          <span className="muted small">{n.year ?? 'year unknown'} · similarity {n.similarity.toFixed(2)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface ReachView {
  checked: number;
  totalUsers: number;
  depth: number;
  hits: Array<{ userId: string; rank: number; interactionCount: number; fewShot: boolean; source: string }>;
}

/** Which of the users checked get the item in their current recommendations, and at which rank. */
export function ItemReachTable({ reach }: { reach: ReachView }) {
  return (
    <>
      <p className="muted small" data-testid="reach-summary">
        There is no query for &ldquo;who gets this item&rdquo;, so this asks the current recommendations (top {reach.depth}, items they have not seen) of the {reach.checked} most recently active of {reach.totalUsers.toLocaleString('en-US')} users with a history: {reach.hits.length} of them get it.
      </p>
      {reach.hits.length === 0 ? (
        <EmptyState title={`None of these ${reach.checked} users get it in their top ${reach.depth}`}>Other users may; an item ranks for people whose history is close to its text and image.</EmptyState>
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">User</th><th scope="col" className="num">Rank</th><th scope="col" className="num">History</th><th scope="col">Path</th></tr></thead>
              <tbody>
                {reach.hits.map((hit) => (
                  <tr key={hit.userId} data-testid="reach-row">
                    <td><Link href={`/users/${encodeURIComponent(hit.userId)}`}>{hit.userId}</Link></td>
                    <td className="num">{hit.rank}</td>
                    <td className="num">{hit.interactionCount.toLocaleString('en-US')} events</td>
                    <td>{hit.source === 'POPULARITY' ? 'popularity (no model serves)' : hit.fewShot ? 'few-shot (cold user)' : 'model'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </>
  );
}
