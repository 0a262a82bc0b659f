import Link from 'next/link';
import { EmptyState, ErrorPanel } from '@/components/panels';
import { RecList } from '@/components/rec-list';
import { ItemImage } from '@/components/rec-thumb';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import { NEW_ITEM_WITHIN_CHOICES } from '@/components/trial-format';

export const dynamic = 'force-dynamic';

/** The api takes at most 200 recent items. */
const MAX_SEQUENCE = 200;
/** New-item slots the playground offers (of its 10 items). */
const NEW_ITEM_CHOICES = [0, 1, 2, 3];
const SEARCH_SIZE = 20;

const PlaygroundSearch = graphql(`
  query PlaygroundSearch($search: String!, $first: Int!) {
    items(search: $search, first: $first) {
      nodes { id title imageUrl genres status }
      totalCount
    }
  }
`);

const PlaygroundItem = graphql(`
  query PlaygroundItem($id: ID!) { item(id: $id) { id title imageUrl status } }
`);

const PlaygroundRecommendations = graphql(`
  query PlaygroundRecommendations($recent: [ID!]!, $newItems: Int, $within: Int) {
    recommendations(recentItemIds: $recent, first: 10, newItems: $newItems, newItemsWithin: $within) { ...RecListFields }
  }
`);

type SearchParams = Record<string, string | string[] | undefined>;

/** The sequence is the repeated `seq` parameter (?seq=m1&seq=m5), oldest first: ids may hold any character. */
function readSequence(params: SearchParams): string[] {
  const raw = params.seq === undefined ? [] : Array.isArray(params.seq) ? params.seq : [params.seq];
  return raw.map((id) => id.trim()).filter(Boolean).slice(0, MAX_SEQUENCE);
}

/** `new`: slots kept for items new to the version (added since its training, or without events in it); absent or not offered: the api's setting. */
function readNewItems(params: SearchParams): number | null {
  const value = typeof params.new === 'string' ? Number(params.new) : Number.NaN;
  return NEW_ITEM_CHOICES.includes(value) ? value : null;
}

/** `within`: only new items ranked within the top this-many take a slot; absent or not offered: the api's setting. */
function readWithin(params: SearchParams): number | null {
  const value = typeof params.within === 'string' ? Number(params.within) : Number.NaN;
  return NEW_ITEM_WITHIN_CHOICES.includes(value) ? value : null;
}

/** The new-item slot choices a page carries along. */
interface Slots {
  newItems?: number | null;
  within?: number | null;
}

function href(seq: string[], q: string, { newItems = null, within = null }: Slots = {}): string {
  const params = new URLSearchParams();
  for (const id of seq) params.append('seq', id);
  if (q) params.set('q', q);
  if (newItems !== null) params.set('new', String(newItems));
  if (within !== null) params.set('within', String(within));
  const query = params.toString();
  return query ? `/playground?${query}` : '/playground';
}

/** Hidden fields that carry the sequence (and the search, and the new-item slots) through a GET form: works without JavaScript. */
function Carry({ seq, q, newItems = null, within = null }: { seq: string[]; q?: string } & Slots) {
  return (
    <>
      {seq.map((id, i) => <input key={`${i}-${id}`} type="hidden" name="seq" value={id} />)}
      {q ? <input type="hidden" name="q" value={q} /> : null}
      {newItems !== null ? <input type="hidden" name="new" value={newItems} /> : null}
      {within !== null ? <input type="hidden" name="within" value={within} /> : null}
    </>
  );
}

/** Recommendations for an anonymous visitor: pick items by title, in order, and see what the model makes of them. */
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { session } = await requireSession({ from: '/playground' });
  const seq = readSequence(params);
  const q = typeof params.q === 'string' ? params.q.trim() : '';
  const newItems = readNewItems(params);
  const within = readWithin(params);
  const slots = { newItems, within };

  const [search, picked] = await Promise.all([
    q ? request(session, PlaygroundSearch, { search: q, first: SEARCH_SIZE }).then((data) => ({ ok: true as const, data }), (error: unknown) => ({ ok: false as const, error })) : null,
    Promise.all(seq.map((id) => request(session, PlaygroundItem, { id }).then((data) => data.item, () => null))),
  ]);
  const unknown = seq.filter((_, i) => !picked[i]);
  const known = seq.filter((_, i) => picked[i]);
  let recs;
  try {
    recs = { ok: true as const, data: await request(session, PlaygroundRecommendations, { recent: known, newItems, within }) };
  } catch (error) {
    recs = { ok: false as const, error };
  }
  const inSequence = new Set(seq);

  return (
    <>
      <h2>Playground</h2>
      <p className="subtitle">Recommendations for an anonymous visitor: pick the items they looked at, oldest first. The address keeps the sequence, so it can be shared.</p>
      <div className="two playground-cols">
        <section aria-labelledby="pick-heading">
          <h3 id="pick-heading">Pick items</h3>
          <form action="/playground" method="get" className="toolbar" role="search" aria-label="Search items by title">
            <Carry seq={seq} {...slots} />
            <label htmlFor="playground-search" className="user-sr-only">Title contains</label>
            <input id="playground-search" name="q" type="search" defaultValue={q} placeholder="Search titles, e.g. Movie 12" autoComplete="off" />
            <button type="submit">Search</button>
          </form>
          {!q ? (
            <p className="muted small">Search the catalog by title, then add the results to the sequence.</p>
          ) : !search ? null : !search.ok ? (
            <ErrorPanel error={search.error} />
          ) : search.data.items.nodes.length === 0 ? (
            <EmptyState title="No matches">No item title contains &ldquo;{q}&rdquo;. Try a shorter word.</EmptyState>
          ) : (
            <div className="panel">
              <ul className="rec-pick-list" aria-label="Search results">
                {search.data.items.nodes.map((item) => (
                  <li key={item.id} data-testid="search-result">
                    <ItemImage item={item} size="thumb" />
                    <div className="rec-pick-text">
                      <Link href={`/items/${encodeURIComponent(item.id)}`}>{item.title}</Link>
                      <div className="muted small">{item.id}{item.genres.length > 0 ? ` · ${item.genres.join(', ')}` : ''}{item.status === 'ARCHIVED' ? ' · archived' : ''}</div>
                    </div>
                    {inSequence.has(item.id) ? (
                      <span className="muted small">added</span>
                    ) : seq.length >= MAX_SEQUENCE ? (
                      <span className="muted small">sequence full</span>
                    ) : (
                      <form action="/playground" method="get">
                        <Carry seq={[...seq, item.id]} q={q} {...slots} />
                        <button type="submit" className="button secondary" aria-label={`Add ${item.title}`}>Add</button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
              {search.data.items.totalCount > search.data.items.nodes.length ? (
                <p className="muted small rec-more">The first {search.data.items.nodes.length} of {search.data.items.totalCount.toLocaleString('en-US')} matches: narrow the search for others.</p>
              ) : null}
            </div>
          )}
        </section>
        <section aria-labelledby="sequence-heading">
          <h3 id="sequence-heading">Sequence <span className="muted small">oldest first</span></h3>
          {seq.length === 0 ? (
            <EmptyState title="No items picked yet">Search for items on the left and press Add: each one joins the sequence, as if the visitor had looked at it. Until then, popularity serves.</EmptyState>
          ) : (
            <div className="panel">
              <ol className="rec-pick-list" aria-label="Picked items" data-testid="sequence">
                {seq.map((id, i) => {
                  const item = picked[i];
                  return (
                    <li key={`${i}-${id}`} data-testid="sequence-item">
                      <span className="rec-rank">{i + 1}</span>
                      {item ? <ItemImage item={item} size="thumb" /> : null}
                      <div className="rec-pick-text">
                        {item ? <Link href={`/items/${encodeURIComponent(id)}`}>{item.title}</Link> : <span className="rec-unknown">Unknown item</span>}
                        <div className="muted small">{id}{item ? '' : ': not in the catalog, left out'}</div>
                      </div>
                      <form action="/playground" method="get">
                        <Carry seq={seq.filter((_, j) => j !== i)} q={q} {...slots} />
                        <button type="submit" className="button danger" aria-label={`Remove ${item?.title ?? id}`}>Remove</button>
                      </form>
                    </li>
                  );
                })}
              </ol>
              <p className="rec-more small"><Link href={href([], q, slots)}>Clear the sequence</Link></p>
            </div>
          )}
          {unknown.length > 0 ? <p className="notice" role="status">Left out {unknown.length === 1 ? 'an id' : `${unknown.length} ids`} the catalog does not have: {unknown.join(', ')}.</p> : null}
        </section>
      </div>
      <h3>Recommendations</h3>
      <form action="/playground" method="get" className="toolbar" aria-label="New-item slots">
        <Carry seq={seq} q={q} />
        <label htmlFor="playground-new">Slots kept for new items</label>
        <select id="playground-new" name="new" defaultValue={newItems === null ? '' : String(newItems)}>
          <option value="">the api&apos;s setting</option>
          {NEW_ITEM_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <label htmlFor="playground-within">for new items ranked within</label>
        <select id="playground-within" name="within" defaultValue={within === null ? '' : String(within)}>
          <option value="">the api&apos;s setting</option>
          {NEW_ITEM_WITHIN_CHOICES.map((r) => <option key={r} value={r}>{r === 0 ? 'any rank' : `the top ${r}`}</option>)}
        </select>
        <button type="submit">Show</button>
        <span className="muted small">Items new to the model version (added since its training, or without events in it) rarely outrank the others: a slot shows the best of them for this sequence (bounded: only one ranked that near the top).</span>
      </form>
      {recs.ok ? <RecList list={recs.data.recommendations} linkModels={session.role === 'ADMIN'} /> : <ErrorPanel error={recs.error} />}
    </>
  );
}
