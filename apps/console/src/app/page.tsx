import { ErrorPanel } from '@/components/error-panel';
import { Pager } from '@/components/pager';
import { graphql } from '@/lib/graphql';

export const dynamic = 'force-dynamic';

interface ItemsPage {
  health: { seeding: boolean; catalog: { users: number; items: number; interactions: number } | null };
  items: {
    totalCount: number;
    nodes: Array<{ id: string; title: string; year: number | null; genres: string[]; interactionCount: number; imageUri: string | null; createdAt: string }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

const QUERY = `query Items($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {
  health { seeding catalog { users items interactions } }
  items(first: $first, after: $after, search: $search, genre: $genre, orderBy: $orderBy) {
    totalCount
    nodes { id title year genres interactionCount imageUri createdAt }
    pageInfo { endCursor hasNextPage }
  }
}`;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function param(params: Record<string, string | string[] | undefined>, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The catalog: every item with its genres, year, image and how often it was used. */
export default async function ItemsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const search = param(params, 'search');
  const genre = param(params, 'genre');
  const orderBy = param(params, 'order') === 'NEWEST' ? 'NEWEST' : 'OLDEST';
  let data: ItemsPage;
  try {
    data = await graphql<ItemsPage>(QUERY, { first: 50, after: param(params, 'after'), search, genre, orderBy });
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  const next = new URLSearchParams({ ...(search ? { search } : {}), ...(genre ? { genre } : {}), order: orderBy });
  if (data.items.pageInfo.endCursor) next.set('after', data.items.pageInfo.endCursor);
  const catalog = data.health.catalog;
  return (
    <>
      <h2>Items</h2>
      <p className="subtitle">The catalog the recommender ranks. Newest first shows the cold-start items.</p>
      {data.health.seeding ? <p className="muted">Importing the demo catalog…</p> : null}
      {catalog ? (
        <div className="stats">
          <div className="stat"><b data-testid="stat-items">{catalog.items.toLocaleString('en-US')}</b><span>items</span></div>
          <div className="stat"><b>{catalog.users.toLocaleString('en-US')}</b><span>users</span></div>
          <div className="stat"><b>{catalog.interactions.toLocaleString('en-US')}</b><span>interactions</span></div>
        </div>
      ) : null}
      <form className="toolbar" method="get">
        <input name="search" placeholder="Search titles" defaultValue={search} aria-label="Search titles" />
        <input name="genre" placeholder="Genre" defaultValue={genre} aria-label="Genre" />
        <select name="order" defaultValue={orderBy} aria-label="Order">
          <option value="OLDEST">Oldest first</option>
          <option value="NEWEST">Newest first</option>
        </select>
        <button type="submit">Filter</button>
      </form>
      <div className="panel">
        <table>
          <thead>
            <tr><th>Id</th><th>Title</th><th>Year</th><th>Genres</th><th className="num">Interactions</th><th>Image</th></tr>
          </thead>
          <tbody>
            {data.items.nodes.map((item) => (
              <tr key={item.id} data-testid="item-row">
                <td className="muted">{item.id}</td>
                <td>{item.title || <span className="muted">(untitled)</span>}</td>
                <td>{item.year ?? ''}</td>
                <td>{item.genres.map((g) => <span className="tag" key={g}>{g}</span>)}</td>
                <td className="num">{item.interactionCount}</td>
                <td className="muted">{item.imageUri ? 'yes' : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager shown={data.items.nodes.length} total={data.items.totalCount} nextHref={data.items.pageInfo.hasNextPage ? `/?${next}` : null} />
      </div>
    </>
  );
}
