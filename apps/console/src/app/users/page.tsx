import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Pager, cursorPages, readTrail } from '@/components/pager';
import { EmptyState, ErrorPanel, PageProblem } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

const UsersList = graphql(`
  query UsersList($first: Int!, $after: String, $orderBy: UserOrder, $cold: Boolean) {
    users(first: $first, after: $after, orderBy: $orderBy, cold: $cold) {
      nodes { id createdAt interactionCount firstActiveAt lastActiveAt }
      pageInfo { endCursor hasNextPage }
      totalCount
    }
  }
`);

const UsersLookup = graphql(`
  query UsersLookup($id: ID!) { user(id: $id) { id } }
`);

// For the filter's labels (any key may read it; the labels go without the number if it cannot be read).
const UsersColdThreshold = graphql(`
  query UsersColdThreshold { serving { coldThreshold } }
`);

/** Whom the list shows: everyone, or only the users the few-shot path serves (cold), or only the others (warm). */
type Who = 'cold' | 'warm' | null;

/** The list's address for an order and a filter (the first page). */
function usersHref(recent: boolean, who: Who): string {
  const query = new URLSearchParams({ ...(recent ? { order: 'recent' } : {}), ...(who ? { who } : {}) }).toString();
  return query ? `/users?${query}` : '/users';
}

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

type SearchParams = Record<string, string | string[] | undefined>;

/** Users a page at a time (catalog order, or most recently active first), with their activity, and a way to open one by id. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { session } = await requireSession({ from: '/users' });
  const lookup = typeof params.id === 'string' ? params.id.trim() : '';
  let missing: string | null = null;
  let lookupError: unknown = null;
  if (lookup) {
    let foundId: string | null = null;
    try {
      foundId = (await request(session, UsersLookup, { id: lookup })).user?.id ?? null;
      if (!foundId) missing = lookup;
    } catch (error) {
      lookupError = error;
    }
    if (foundId) redirect(`/users/${encodeURIComponent(foundId)}`);
  }
  // Set by the user page's delete action on its way here: the id it deleted and how many events went with it. Said
  // only while that user is indeed gone, so a link made up to read "deleted" about someone who is not says nothing.
  const deleted = typeof params.deleted === 'string' && params.deleted && !(await request(session, UsersLookup, { id: params.deleted }).then((data) => data.user, () => true)) ? params.deleted : null;
  const deletedEvents = typeof params.events === 'string' && /^\d+$/.test(params.events) ? Number(params.events) : null;
  const recent = params.order === 'recent';
  const who: Who = params.who === 'cold' || params.who === 'warm' ? params.who : null;
  const trail = readTrail(params);
  let data;
  let threshold: number | null = null;
  try {
    [data, threshold] = await Promise.all([
      request(session, UsersList, { first: PAGE_SIZE, after: trail.at(-1) ?? null, orderBy: recent ? 'RECENTLY_ACTIVE' : 'OLDEST', cold: who === null ? null : who === 'cold' }),
      request(session, UsersColdThreshold).then((answer) => answer.serving.coldThreshold, () => null),
    ]);
  } catch (error) {
    return <PageProblem title="Users" error={error} />;
  }
  const { users } = data;
  const base = new URLSearchParams({ ...(recent ? { order: 'recent' } : {}), ...(who ? { who } : {}) });
  const whoLabels: Record<'all' | 'cold' | 'warm', string> = {
    all: 'Everyone',
    cold: threshold === null ? 'Cold' : `Cold (under ${threshold.toLocaleString('en-US')} events)`,
    warm: threshold === null ? 'Warm' : `Warm (${threshold.toLocaleString('en-US')} or more)`,
  };
  const pages = cursorPages(base, trail, users.pageInfo.endCursor ?? null, users.pageInfo.hasNextPage, PAGE_SIZE, '/users');
  return (
    <>
      <h2>Users</h2>
      <p className="subtitle">
        {who === 'cold' ? 'Cold users' : who === 'warm' ? 'Warm users' : 'Everyone'}
        {recent ? ' with a history, most recently active first' : ', in catalog order'}
        {who === 'cold' ? ' (the few-shot path serves them)' : ''}: open one for their whole history and live recommendations.
      </p>
      <form action="/users" method="get" className="toolbar" role="search" aria-label="Open a user by id">
        <label htmlFor="user-lookup" className="user-lookup-label">User id</label>
        <input id="user-lookup" name="id" defaultValue={lookup} placeholder="e.g. u42" required autoComplete="off" />
        <button type="submit">Open</button>
      </form>
      <nav className="toolbar" aria-label="Order of the list">
        <span className="muted small">Order:</span>
        {recent ? <Link href={usersHref(false, who)}>Catalog order</Link> : <b aria-current="true">Catalog order</b>}
        {recent ? <b aria-current="true">Recently active first</b> : <Link href={usersHref(true, who)} data-testid="users-order-recent">Recently active first</Link>}
      </nav>
      <nav className="toolbar" aria-label="Whom the list shows">
        <span className="muted small">Show:</span>
        {([null, 'cold', 'warm'] as const).map((option) => {
          const label = whoLabels[option ?? 'all'];
          return option === who ? <b key={label} aria-current="true">{label}</b> : <Link key={label} href={usersHref(recent, option)} data-testid={`users-who-${option ?? 'all'}`}>{label}</Link>;
        })}
      </nav>
      {deleted ? (
        <p className="notice" role="status" data-testid="user-deleted">
          User &ldquo;{deleted}&rdquo; was deleted{deletedEvents === null ? '' : <>, with {deletedEvents.toLocaleString('en-US')} {deletedEvents === 1 ? 'event' : 'events'}</>}.
        </p>
      ) : null}
      {missing ? <p className="error" role="alert" data-testid="user-missing">There is no user &ldquo;{missing}&rdquo;. Ids are the client&apos;s own, as imported (case matters).</p> : null}
      {lookupError ? <ErrorPanel error={lookupError} /> : null}
      {users.nodes.length === 0 ? (
        users.totalCount === 0 && who ? (
          <EmptyState title={who === 'cold' ? 'No cold users' : 'No warm users'}>
            {who === 'cold' ? 'Every user has as many events as the cold threshold or more.' : 'No user has as many events as the cold threshold yet.'} <Link href={usersHref(recent, null)}>Show everyone</Link>.
          </EmptyState>
        ) : users.totalCount === 0 ? (
          <EmptyState title="No users yet">A user appears with their first recorded interaction (the recordInteraction mutation, or an import){recent ? '; this order lists only users who have one' : ''}.</EmptyState>
        ) : (
          <EmptyState title="Nothing on this page">This page is past the last user. <Link href={pages.firstHref}>Back to the first page</Link>.</EmptyState>
        )
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">User</th><th scope="col" className="num">Interactions</th><th scope="col">First event</th><th scope="col">Last active</th><th scope="col">Since</th></tr>
              </thead>
              <tbody>
                {users.nodes.map((user) => (
                  <tr key={user.id}>
                    <td><Link href={`/users/${encodeURIComponent(user.id)}`}>{user.id}</Link></td>
                    <td className="num">{user.interactionCount.toLocaleString('en-US')}</td>
                    <td data-testid="user-first-active">{user.firstActiveAt ? when.format(new Date(user.firstActiveAt)) : <span className="muted">never</span>}</td>
                    <td data-testid="user-last-active">{user.lastActiveAt ? when.format(new Date(user.lastActiveAt)) : <span className="muted">never</span>}</td>
                    <td className="muted">{when.format(new Date(user.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager from={pages.from} shown={users.nodes.length} total={users.totalCount} prevHref={pages.prevHref} nextHref={pages.nextHref} noun="users" />
        </div>
      )}
    </>
  );
}
