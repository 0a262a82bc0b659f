import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ItemReachQuery, ItemReachWithSlotQuery } from '@/gql/graphql';
import { BarsChart } from './chart-bars';
import { countOf } from './model-format';
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

export type ReachView = ItemReachQuery['itemReach'] & { withOneSlot: ItemReachWithSlotQuery['itemReach'] | null };

/** How each path makes a user's list, as the reach names it. */
const PATH_NAMES: Record<string, string> = {
  FEW_SHOT: 'cold users, adapted to their events',
  COLD_UNADAPTED: 'cold users with too few events to adapt on',
  WARM: 'warm users',
};

const rangeLabel = ({ from, to }: { from: number; to?: number | null }) => (to === null || to === undefined ? `below ${from - 1}` : from === 1 ? `top ${to}` : `${from}–${to}`);

/**
 * Whom the item reaches now: the api ranks it in the lists of the most recently active users, as each would get
 * them. A sentence with the counts, the spread of its ranks as a chart, who is reached per path, and the best-placed
 * users by name.
 */
export function ItemReachTable({ reach }: { reach: ReachView }) {
  if (reach.reason) {
    return <EmptyState title="Not ranked for anyone">{reach.reason[0]!.toUpperCase() + reach.reason.slice(1)}.</EmptyState>;
  }
  const ranked = reach.usersChecked - reach.alreadyHad - reach.notRanked;
  const slots = reach.reachedInNewItemSlot > 0 ? ` (${reach.reachedInNewItemSlot.toLocaleString('en-US')} through a slot kept for new items)` : '';
  return (
    <>
      <p className="muted small" data-testid="reach-summary">
        Ranked in the lists of the {countOf(reach.usersChecked, 'most recently active user')} (of {reach.usersWithHistory.toLocaleString('en-US')} with a history), as each would get them now from {reach.modelVersion ? `version ${reach.modelVersion.id} (${reach.modelVersion.name})` : 'the serving version'}:{' '}
        <strong>{reach.reached.toLocaleString('en-US')} get it in their top {reach.depth}</strong>{slots}
        {reach.medianRank === null ? '' : `; its median rank is ${reach.medianRank.toLocaleString('en-US')}`}.
        {reach.alreadyHad > 0 ? ` ${countOf(reach.alreadyHad, 'user')} already had it (lists leave it out for them).` : ''}
        {reach.notRanked > 0 ? ` ${countOf(reach.notRanked, 'user')} could not be ranked (their version has not placed it yet).` : ''}
      </p>
      {reach.withOneSlot ? (
        <p className="notice small" data-testid="reach-with-slot">
          Added after the serving version&apos;s training: nobody&apos;s events taught the model about it, so it rarely outranks items people already picked.
          With one slot kept for new items in every list, <strong>{reach.withOneSlot.reached.toLocaleString('en-US')} of these {reach.withOneSlot.usersChecked.toLocaleString('en-US')} users</strong> would get it in their top {reach.depth}
          {reach.withOneSlot.reachedInNewItemSlot > 0 ? ` (${reach.withOneSlot.reachedInNewItemSlot.toLocaleString('en-US')} through the slot)` : ''}.
          Try that on a share of users with a trial of new-item slots from the active version&apos;s page, or set <code>FEWSHOT_NEW_ITEM_SLOTS=1</code> on the api.
        </p>
      ) : null}
      {ranked > 0 ? (
        <div className="two">
          <div className="panel padded">
            <p className="muted small">Ranked users by where the item ranks among everything they have not had</p>
            <BarsChart label={`Users by the item's rank: ${reach.rankRanges.map((r) => `${rangeLabel(r)} ${r.users}`).join(', ')}`} testId="reach-ranks"
              data={reach.rankRanges.map((r) => ({ rank: rangeLabel(r), users: r.users }))} categoryKey="rank" series={['users']} digits={0} />
          </div>
          <div className="panel">
            <div className="table-wrap">
              <table>
                <thead><tr><th scope="col">Users</th><th scope="col" className="num">Ranked</th><th scope="col" className="num">In top {reach.depth}</th></tr></thead>
                <tbody>
                  {reach.byPath.map((entry) => (
                    <tr key={entry.path} data-testid="reach-path">
                      <td>{PATH_NAMES[entry.path] ?? entry.path.toLowerCase()}</td>
                      <td className="num">{entry.users.toLocaleString('en-US')}</td>
                      <td className="num">{entry.reached.toLocaleString('en-US')} ({((entry.reached / entry.users) * 100).toFixed(1)}%)</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      ) : null}
      {reach.users.length === 0 ? null : (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <caption className="muted small">The best-placed {countOf(reach.users.length, 'user')}: where their list shows it, and its rank among everything they have not had.</caption>
              <thead><tr><th scope="col">User</th><th scope="col" className="num">In their list</th><th scope="col" className="num">Rank</th><th scope="col" className="num">History</th><th scope="col">Path</th></tr></thead>
              <tbody>
                {reach.users.map((entry) => (
                  <tr key={entry.user.id} data-testid="reach-row">
                    <td><Link href={`/users/${encodeURIComponent(entry.user.id)}`}>{entry.user.id}</Link></td>
                    <td className="num">{entry.position === null ? '—' : `#${entry.position}${entry.inNewItemSlot ? ' (new-item slot)' : ''}`}</td>
                    <td className="num">{entry.rank.toLocaleString('en-US')}</td>
                    <td className="num">{countOf(entry.historyLength, 'event')}</td>
                    <td>{PATH_NAMES[entry.path] ?? entry.path.toLowerCase()}</td>
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
