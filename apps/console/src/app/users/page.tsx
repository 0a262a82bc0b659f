import { ErrorPanel } from '@/components/error-panel';
import { Pager } from '@/components/pager';
import { graphql } from '@/lib/graphql';

export const dynamic = 'force-dynamic';

interface UsersPage {
  users: { totalCount: number; nodes: Array<{ id: string; interactionCount: number; createdAt: string }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

const QUERY = `query Users($after: String) {
  users(first: 50, after: $after) { totalCount nodes { id interactionCount createdAt } pageInfo { endCursor hasNextPage } }
}`;

/** Users and the size of their history: the cold ones are those with only a few interactions. */
export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { after } = await searchParams;
  let data: UsersPage;
  try {
    data = await graphql<UsersPage>(QUERY, { after: after || undefined });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  const { endCursor, hasNextPage } = data.users.pageInfo;
  return (
    <>
      <h2>Users</h2>
      <p className="subtitle">Open a user to see their history.</p>
      <div className="panel">
        <table>
          <thead><tr><th>User</th><th className="num">Interactions</th><th>Since</th></tr></thead>
          <tbody>
            {data.users.nodes.map((user) => (
              <tr key={user.id} data-testid="user-row">
                <td><a href={`/users/${encodeURIComponent(user.id)}`}>{user.id}</a></td>
                <td className="num">{user.interactionCount}</td>
                <td className="muted">{new Date(user.createdAt).toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager shown={data.users.nodes.length} total={data.users.totalCount} nextHref={hasNextPage && endCursor ? `/users?after=${encodeURIComponent(endCursor)}` : null} />
      </div>
    </>
  );
}
