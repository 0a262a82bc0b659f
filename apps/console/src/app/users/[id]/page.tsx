import { notFound } from 'next/navigation';
import { ErrorPanel } from '@/components/error-panel';
import { graphql } from '@/lib/graphql';

export const dynamic = 'force-dynamic';

interface UserPage {
  user: {
    id: string;
    attributes: Record<string, unknown>;
    interactionCount: number;
    interactions: { nodes: Array<{ id: string; kind: string; value: number | null; occurredAt: string; item: { id: string; title: string; year: number | null; genres: string[] } }> };
  } | null;
}

const QUERY = `query User($id: ID!) {
  user(id: $id) { id attributes interactionCount
    interactions(first: 50) { nodes { id kind value occurredAt item { id title year genres } } } }
}`;

/** One user's history, most recent first. */
export default async function UserDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let data: UserPage;
  try {
    data = await graphql<UserPage>(QUERY, { id: decodeURIComponent(id) });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  if (!data.user) notFound();
  const { user } = data;
  const attributes = Object.entries(user.attributes);
  return (
    <>
      <h2>User {user.id}</h2>
      <p className="subtitle">
        {user.interactionCount} interactions{attributes.length ? ` · ${attributes.map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}` : ''}
      </p>
      <div className="panel">
        <table>
          <thead><tr><th>When</th><th>Kind</th><th className="num">Value</th><th>Item</th><th>Genres</th></tr></thead>
          <tbody>
            {user.interactions.nodes.map((event) => (
              <tr key={event.id} data-testid="history-row">
                <td className="muted">{event.occurredAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{event.kind.toLowerCase()}</td>
                <td className="num">{event.value ?? ''}</td>
                <td>{event.item.title}{event.item.year ? ` (${event.item.year})` : ''}</td>
                <td>{event.item.genres.map((g) => <span className="tag" key={g}>{g}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
