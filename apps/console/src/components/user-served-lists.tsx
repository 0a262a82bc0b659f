import Link from 'next/link';
import { PATH_LABELS, when } from '@/components/model-format';
import { EmptyState, ErrorPanel } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';

/** How many of the user's latest lists the page shows. */
const SHOWN = 10;

const ServedLists = graphql(`
  query UserServedLists($id: ID!, $first: Int!) {
    user(id: $id) {
      servedLists(first: $first) {
        totalCount
        nodes {
          id servedAt path historyLength open
          modelVersion { id name }
          items { rank newToVersion item { id title } }
          followed { rank minutesAfter item { id title } }
        }
      }
    }
  }
`);

const minutes = (value: number) => (value < 1 ? 'within a minute' : value < 120 ? `${Math.round(value)} min later` : `${(value / 60).toFixed(1)} h later`);

/**
 * The lists a frontend showed the user, newest first, and what followed each (their first event on one of its items
 * within a day): how a cold user's lists changed with their first events, and which they took.
 */
export async function UserServedLists({ session, userId, linkModels }: { session: Pick<Session, 'key'>; userId: string; linkModels: boolean }) {
  let data;
  try {
    data = await request(session, ServedLists, { id: userId, first: SHOWN });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  const lists = data.user?.servedLists;
  if (!lists || lists.nodes.length === 0) {
    return <EmptyState title="No lists shown yet">Lists are recorded when a frontend key asks for this user&apos;s recommendations (the console&apos;s previews are not), and kept 30 days by default.</EmptyState>;
  }
  return (
    <div className="panel">
      <div className="table-wrap">
        <table aria-label={`Lists shown to user ${userId}, newest first`}>
          <caption className="muted small">
            The {lists.nodes.length === lists.totalCount ? lists.totalCount : `latest ${lists.nodes.length} of ${lists.totalCount}`} {lists.totalCount === 1 ? 'list' : 'lists'} a frontend showed, newest first; followed: the user&apos;s first event on one of its items within a day.
          </caption>
          <thead><tr><th scope="col">Shown</th><th scope="col">By</th><th scope="col" className="num">Events then</th><th scope="col">List</th><th scope="col">What followed</th></tr></thead>
          <tbody>
            {lists.nodes.map((list) => (
              <tr key={list.id} data-testid="served-list">
                <td className="muted user-when">{when(list.servedAt)}</td>
                <td>
                  {list.modelVersion
                    ? (linkModels ? <Link href={`/models/${list.modelVersion.id}`}>#{list.modelVersion.id} {list.modelVersion.name}</Link> : <>#{list.modelVersion.id} {list.modelVersion.name}</>)
                    : 'popularity'}
                  <div className="muted small">{PATH_LABELS[list.path] ?? list.path.toLowerCase()}</div>
                </td>
                <td className="num">{list.historyLength.toLocaleString('en-US')}</td>
                <td>
                  {list.items.map((entry) => (
                    <span key={entry.rank} className={`tag${list.followed?.rank === entry.rank ? ' followed' : ''}`} title={entry.newToVersion ? 'new to the version (added after its training, or without events in it)' : undefined}>
                      {entry.rank}. {entry.item ? entry.item.title : 'deleted item'}{entry.newToVersion ? ' (new)' : ''}
                    </span>
                  ))}
                </td>
                <td data-testid="served-list-followed">
                  {list.followed
                    ? <>#{list.followed.rank} {list.followed.item ? <Link href={`/items/${encodeURIComponent(list.followed.item.id)}`}>{list.followed.item.title}</Link> : 'a deleted item'}, {minutes(list.followed.minutesAfter)}</>
                    : <span className="muted">{list.open ? 'not yet (its day is not over)' : 'not followed'}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
