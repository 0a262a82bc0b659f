import Link from 'next/link';
import { ItemThumb } from '@/components/item-thumb';
import { EmptyState, PageProblem } from '@/components/panels';
import { cursorPages, Pager, readTrail } from '@/components/pager';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

const ItemsList = graphql(`
  query ItemsList($first: Int!, $after: String, $search: String, $genre: String, $orderBy: ItemOrder) {
    items(first: $first, after: $after, search: $search, genre: $genre, orderBy: $orderBy) {
      totalCount
      pageInfo { endCursor hasNextPage }
      nodes { id title year genres imageUrl status interactionCount }
    }
  }
`);

type Params = Record<string, string | string[] | undefined>;
const text = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : '');

/** Browse and search the catalog: a page of 50 with images, filtered by title text and genre, newest or oldest first. */
export default async function ItemsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const search = text(params.q);
  const genre = text(params.genre);
  const order = text(params.order) === 'newest' ? 'newest' : 'oldest';
  const base = new URLSearchParams();
  if (search) base.set('q', search);
  if (genre) base.set('genre', genre);
  if (order === 'newest') base.set('order', 'newest');
  const { session } = await requireSession({ from: `/items${base.size ? `?${base}` : ''}` });
  const trail = readTrail(params);

  let data;
  try {
    data = await request(session, ItemsList, { first: PAGE_SIZE, after: trail.at(-1) ?? null, search: search || null, genre: genre || null, orderBy: order === 'newest' ? 'NEWEST' : 'OLDEST' });
  } catch (error) {
    return <PageProblem title="Items" error={error} />;
  }
  const { nodes, totalCount, pageInfo } = data.items;
  const pages = cursorPages(base, trail, pageInfo.endCursor ?? null, pageInfo.hasNextPage, PAGE_SIZE, '/items');
  const filtered = Boolean(search || genre);

  return (
    <>
      <h2>Items</h2>
      <p className="subtitle">The catalog recommendations rank: search it, open an item to edit or archive it, or <Link href="/items/new">add a new one</Link>.</p>
      <form className="toolbar item-filters" method="get" action="/items" role="search" aria-label="Search items">
        <label className="item-field">
          <span>Title contains</span>
          <input type="search" name="q" defaultValue={search} placeholder="e.g. toy story" />
        </label>
        <label className="item-field">
          <span>Genre</span>
          <input type="text" name="genre" defaultValue={genre} placeholder="e.g. comedy" />
        </label>
        <label className="item-field">
          <span>Order</span>
          <select name="order" defaultValue={order}>
            <option value="oldest">Oldest first</option>
            <option value="newest">Newest first</option>
          </select>
        </label>
        <button type="submit">Search</button>
        {filtered || order === 'newest' ? <Link href="/items" className="button secondary">Clear</Link> : null}
      </form>
      <div className="stats">
        <div className="stat">
          <b data-testid="items-total">{totalCount.toLocaleString('en-US')}</b>
          <span>{filtered ? 'matching items' : 'items in the catalog'}</span>
        </div>
      </div>
      {nodes.length === 0 ? (
        filtered ? (
          <EmptyState title="No items match">
            No item{search ? <> has a title containing “{search}”</> : null}{search && genre ? ' and' : null}{genre ? <> {search ? 'the' : 'has the'} genre “{genre}”</> : null}. Try other words, or <Link href="/items">clear the search</Link>.
          </EmptyState>
        ) : trail.length > 0 ? (
          <EmptyState title="This page is empty">The items changed since the list was opened. <Link href="/items">Back to the first page</Link>.</EmptyState>
        ) : (
          <EmptyState title="No items yet">
            The catalog is empty. Import one with <code>npx fewshot import &lt;folder&gt;</code> (items.csv and interactions.csv), or <Link href="/items/new">create an item</Link> here.
          </EmptyState>
        )
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th scope="col"><span className="item-sr">Image</span></th><th scope="col">Title</th><th scope="col" className="num">Year</th><th scope="col">Genres</th><th scope="col" className="num">Interactions</th><th scope="col">Status</th></tr>
              </thead>
              <tbody>
                {nodes.map((item) => (
                  <tr key={item.id} data-testid="item-row">
                    <td><ItemThumb id={item.id} title={item.title} hasImage={Boolean(item.imageUrl)} /></td>
                    <td className="item-title-cell"><Link href={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link><div className="muted small">{item.id}</div></td>
                    <td className="num">{item.year ?? '—'}</td>
                    <td>{item.genres.length ? item.genres.map((g) => <span key={g} className="tag">{g}</span>) : <span className="muted">—</span>}</td>
                    <td className="num">{item.interactionCount.toLocaleString('en-US')}</td>
                    <td><span className={`status ${item.status.toLowerCase()}`}>{item.status.toLowerCase()}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager from={pages.from} shown={nodes.length} total={totalCount} prevHref={pages.prevHref} nextHref={pages.nextHref} noun="items" />
        </div>
      )}
    </>
  );
}
