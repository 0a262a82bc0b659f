import Link from 'next/link';
import { countOf } from '@/components/model-format';
import type { OverviewQuery } from '@/gql/graphql';

/**
 * Cold start now, on the overview: the items the serving version was not trained on and whether it ranks them yet
 * (the waiting ones by name), the items it had without events (new to it too), and the week's new and cold users.
 */
export function ColdStartNow({ stats }: { stats: OverviewQuery['coldStart'] }) {
  return (
    <div className="panel padded cold-start" data-testid="cold-start-now">
      <p data-testid="cold-start-items">
        {stats.modelVersion === null || stats.modelVersion === undefined
          ? 'No version serves yet: every item is ranked by how often it was picked.'
          : stats.newItems === 0
            ? `No item was added since version ${stats.modelVersion.name} was trained.`
            : <>{countOf(stats.newItems, 'item')} added since version {stats.modelVersion.name} was trained: <b>{stats.newItemsRecommendable.toLocaleString('en-US')} recommendable now</b> (placed from their features){stats.newItemsWaiting > 0 ? <>, <b className="item-error-text">{stats.newItemsWaiting.toLocaleString('en-US')} waiting</b> for their features</> : ''}.</>}
      </p>
      {stats.modelVersion && stats.itemsWithoutTrainingEvents > 0 ? (
        <p className="small" data-testid="cold-start-unpicked">
          {countOf(stats.itemsWithoutTrainingEvents, stats.newItems > 0 ? 'more item' : 'item')} {stats.itemsWithoutTrainingEvents === 1 ? 'was' : 'were'} in the catalog when it was trained but had no event it learned from: new to it too, ranked from their features. New-item slots serve both kinds.
        </p>
      ) : null}
      {stats.waitingItems.length > 0 ? (
        <p className="small" data-testid="cold-start-waiting">
          Waiting: {stats.waitingItems.map((item, i) => <span key={item.id}>{i > 0 ? ', ' : ''}<Link href={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link></span>)}
          {stats.newItemsWaiting > stats.waitingItems.length ? ` and ${(stats.newItemsWaiting - stats.waitingItems.length).toLocaleString('en-US')} more` : ''}. Each item&apos;s page says what its features are missing.
        </p>
      ) : null}
      <p data-testid="cold-start-users">
        Last {stats.days} days: {countOf(stats.activeUsers, 'active user')}, {countOf(stats.newUsers, 'new one')}; <b><Link href="/users?order=recent&who=cold" data-testid="cold-start-cold-users">{stats.coldActiveUsers.toLocaleString('en-US')} cold</Link></b> (fewer than {stats.coldThreshold} events), served by the few-shot path.
      </p>
    </div>
  );
}
