import { routeParam } from '@/lib/route-param';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Pager, cursorPages, readTrail } from '@/components/pager';
import { EmptyState, ErrorPanel, PageProblem } from '@/components/panels';
import { RecList } from '@/components/rec-list';
import { ItemImage } from '@/components/rec-thumb';
import { UserDeleteButton } from '@/components/user-delete-button';
import { UserServedLists } from '@/components/user-served-lists';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { isAdmin, requireSession } from '@/lib/auth';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

const UserDetail = graphql(`
  query UserDetail($id: ID!, $first: Int!, $after: String) {
    user(id: $id) {
      id
      createdAt
      interactionCount
      attributes
      interactions(first: $first, after: $after) {
        nodes { id kind value occurredAt item { id title imageUrl } }
        pageInfo { endCursor hasNextPage }
        totalCount
      }
    }
  }
`);

const UserRecommendations = graphql(`
  query UserRecommendations($id: ID!) {
    recommendations(userId: $id, first: 10) { ...RecListFields }
  }
`);

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type SearchParams = Record<string, string | string[] | undefined>;

/** One user: their whole history, newest first, a page at a time, and what the model recommends them now. */
export default async function UserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const [{ id: segment }, query] = await Promise.all([params, searchParams]);
  const id = routeParam(segment);
  const path = `/users/${encodeURIComponent(id)}`;
  const { session } = await requireSession({ from: path });
  const trail = readTrail(query);
  const [detail, recs] = await Promise.allSettled([
    request(session, UserDetail, { id, first: PAGE_SIZE, after: trail.at(-1) ?? null }),
    request(session, UserRecommendations, { id }),
  ]);
  if (detail.status === 'rejected') {
    return <PageProblem title={`User ${id}`} error={detail.reason} />;
  }
  const user = detail.value.user;
  if (!user) notFound();
  const history = user.interactions;
  const pages = cursorPages(new URLSearchParams(), trail, history.pageInfo.endCursor ?? null, history.pageInfo.hasNextPage, PAGE_SIZE, path);
  const attributes = user.attributes && typeof user.attributes === 'object' ? Object.entries(user.attributes as Record<string, unknown>) : [];
  return (
    <>
      <p className="small"><Link href="/users">← Users</Link></p>
      <h2>User {user.id}</h2>
      <p className="subtitle">
        {user.interactionCount.toLocaleString('en-US')} {user.interactionCount === 1 ? 'interaction' : 'interactions'} since {when.format(new Date(user.createdAt))} UTC
        {attributes.length > 0 ? <> · {attributes.map(([key, value]) => <span key={key} className="tag">{key}: {typeof value === 'string' ? value : JSON.stringify(value)}</span>)}</> : null}
      </p>

      {isAdmin(session) ? <div className="user-actions"><UserDeleteButton id={user.id} events={user.interactionCount} /></div> : null}

      <h3>Live recommendations</h3>
      {recs.status === 'fulfilled' ? <RecList list={recs.value.recommendations} linkModels={session.role === 'ADMIN'} /> : <ErrorPanel error={recs.reason} />}

      <h3 id="lists-shown">Lists shown</h3>
      <UserServedLists session={session} userId={user.id} linkModels={session.role === 'ADMIN'} />

      <h3 id="history">History</h3>
      {history.nodes.length === 0 ? (
        history.totalCount === 0 ? (
          <EmptyState title="No interactions">This user has no recorded events: recommendations come from popularity until they have some.</EmptyState>
        ) : (
          <EmptyState title="Nothing on this page">This page is past the user&apos;s oldest event. <Link href={path}>Back to the newest</Link>.</EmptyState>
        )
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table aria-label={`History of user ${user.id}, newest first`}>
              <thead>
                <tr><th scope="col"><span className="user-sr-only">Image</span></th><th scope="col">Item</th><th scope="col">Kind</th><th scope="col" className="num">Value</th><th scope="col">When (UTC)</th></tr>
              </thead>
              <tbody>
                {history.nodes.map((event) => (
                  <tr key={event.id} data-testid="history-row">
                    <td className="user-history-thumb"><ItemImage item={event.item} size="thumb" /></td>
                    <td>
                      <Link href={`/items/${encodeURIComponent(event.item.id)}`}>{event.item.title}</Link>
                      <div className="muted small">{event.item.id}</div>
                    </td>
                    <td><span className="tag">{event.kind.toLowerCase()}</span></td>
                    <td className="num">{event.value === null || event.value === undefined ? <span className="muted">—</span> : event.value.toLocaleString('en-US')}</td>
                    <td className="muted user-when">{when.format(new Date(event.occurredAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager from={pages.from} shown={history.nodes.length} total={history.totalCount} prevHref={pages.prevHref && `${pages.prevHref}#history`} nextHref={pages.nextHref && `${pages.nextHref}#history`} noun="events" />
        </div>
      )}
    </>
  );
}
