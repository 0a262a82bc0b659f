import { routeParam } from '@/lib/route-param';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { ItemNeighbourCards, ItemReachTable } from '@/components/item-cards';
import { ItemArchiveControl, ItemEditForm } from '@/components/item-edit-form';
import { ItemThumb } from '@/components/item-thumb';
import { EmptyState, ErrorPanel, PageProblem } from '@/components/panels';
import { graphql } from '@/gql';
import { request } from '@/lib/api';
import { requireSession } from '@/lib/auth';
import type { Session } from '@/lib/session';
import { itemNeighbours, itemReach } from '../reach';

export const dynamic = 'force-dynamic';

const ItemDetail = graphql(`
  query ItemDetail($id: ID!) {
    item(id: $id) {
      id title description genres year attributes imageUrl status createdAt interactionCount
      features { modality encoder status error createdAt }
    }
  }
`);

/** Route params arrive URL-encoded ("a%20b"); a malformed escape is taken as it is. */
const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** One item: its image and text, feature status per modality, neighbours, whom it reaches, and the edit form. */
export default async function ItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = routeParam(raw);
  const { session } = await requireSession({ from: `/items/${encodeURIComponent(id)}` });
  let data;
  try {
    data = await request(session, ItemDetail, { id });
  } catch (error) {
    return <PageProblem title="Item" error={error} />;
  }
  const item = data.item;
  if (!item) notFound();
  const [neighbours] = await Promise.allSettled([itemNeighbours(session, item.id, 12)]);
  const attributes = Object.entries(typeof item.attributes === 'object' && item.attributes !== null ? (item.attributes as Record<string, unknown>) : {}).filter(([key]) => key !== 'genres' && key !== 'year');
  const archived = item.status === 'ARCHIVED';

  return (
    <>
      <p className="muted small"><Link href="/items">← Items</Link></p>
      <h2>{item.title}</h2>
      <p className="subtitle">Item <code>{item.id}</code> · added {when(item.createdAt)} · {item.interactionCount.toLocaleString('en-US')} interactions</p>
      <div className="panel padded item-head">
        <ItemThumb id={item.id} title={item.title} hasImage={Boolean(item.imageUrl)} className="poster" />
        <dl className="item-facts">
          <dt>Status</dt><dd><span className={`status ${item.status.toLowerCase()}`} data-testid="item-status">{item.status.toLowerCase()}</span>{archived ? <span className="muted small"> recommendations never include it</span> : null}</dd>
          <dt>Year</dt><dd>{item.year ?? '—'}</dd>
          <dt>Genres</dt><dd>{item.genres.length ? item.genres.map((g) => <span key={g} className="tag">{g}</span>) : '—'}</dd>
          <dt>Description</dt><dd>{item.description || <span className="muted">none</span>}</dd>
          <dt>Attributes</dt>
          <dd>{attributes.length ? <code className="item-json">{JSON.stringify(Object.fromEntries(attributes))}</code> : <span className="muted">none besides genres and year</span>}</dd>
        </dl>
      </div>

      <h3>Features</h3>
      {item.features.length === 0 ? (
        <EmptyState title="No features yet">The features job has not encoded this item (it runs when an item is created or changed, and before a training).</EmptyState>
      ) : (
        <div className="panel">
          <div className="table-wrap">
            <table>
              <thead><tr><th scope="col">Modality</th><th scope="col">Encoder</th><th scope="col">Status</th><th scope="col">Computed</th></tr></thead>
              <tbody>
                {item.features.map((f) => (
                  <tr key={`${f.modality}-${f.encoder}`} data-testid="feature-row">
                    <td>{f.modality.toLowerCase()}</td>
                    <td><code>{f.encoder}</code></td>
                    <td><span className={`status ${f.status.toLowerCase()}`}>{f.status.toLowerCase()}</span>{f.error ? <div className="small item-error-text">{f.error}</div> : null}</td>
                    <td>{when(f.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}

      <h3>Nearest neighbours</h3>
      {neighbours.status === 'fulfilled'
        ? <ItemNeighbourCards neighbours={neighbours.value.map((n) => ({ ...n }))} />
        : <ErrorPanel error={neighbours.reason} />}

      <h3>Who it reaches</h3>
      {archived ? (
        <EmptyState title="Archived">Recommendations never include an archived item; restore it to reach users again.</EmptyState>
      ) : (
        // Ranking it for a few hundred users takes from a fraction of a second to a few (cold users adapted the first
        // time): the rest of the page does not wait for it.
        <Suspense fallback={<p className="muted" data-testid="reach-pending">Ranking it in the lists of the most recently active users…</p>}>
          <ItemReachSection session={session} itemId={item.id} />
        </Suspense>
      )}

      <div className="two item-edit">
        <section aria-labelledby="edit-heading">
          <h3 id="edit-heading">Edit</h3>
          <div className="panel padded"><ItemEditForm item={{ id: item.id, title: item.title, description: item.description ?? null, genres: item.genres, year: item.year ?? null, hasImage: Boolean(item.imageUrl) }} /></div>
        </section>
        <section aria-labelledby="archive-heading">
          <h3 id="archive-heading">{archived ? 'Restore' : 'Archive'}</h3>
          <div className="panel padded">
            <p className="muted small">{archived ? 'The item is archived: its history stays, recommendations leave it out.' : 'Archiving takes the item out of every recommendation at once; its history stays.'}</p>
            <ItemArchiveControl id={item.id} title={item.title} archived={archived} />
          </div>
        </section>
      </div>
    </>
  );
}

/** Whom the item reaches (itemReach), streamed in when the api has answered. */
async function ItemReachSection({ session, itemId }: { session: Pick<Session, 'key'>; itemId: string }) {
  try {
    return <ItemReachTable reach={await itemReach(session, itemId)} />;
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
}
