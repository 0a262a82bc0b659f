import Link from 'next/link';
import { graphql } from '@/gql';
import type { RecListFieldsFragment } from '@/gql/graphql';
import { EmptyState } from './panels';
import { ItemImage } from './rec-thumb';
import { RecWeightsChart } from './rec-weights-chart';

/** What a recommendation list shows: include `...RecListFields` in a `recommendations` selection. */
export const RecListFields = graphql(`
  fragment RecListFields on RecommendationList {
    source
    reason
    fewShot
    fewShotReason
    historyLength
    explanation { id text image }
    modelVersion { id name }
    items { rank score newItem newToVersion becauseSimilarity because { id title } item { id title imageUrl genres } }
  }
`);

const LEARNERS = [['id', 'ID'], ['text', 'Text'], ['image', 'Image']] as const;

/**
 * A ranked list with why it looks the way it does: its source (and popularity's reason), whether the few-shot path
 * adapted to the history (and why, or why not), the history's length, the model version, and the fusion weights as a
 * chart and as text.
 */
export function RecList({ list, linkModels }: { list: RecListFieldsFragment; linkModels: boolean }) {
  const model = list.source === 'MODEL';
  const weights = LEARNERS.flatMap(([key, name]) => {
    const value = list.explanation?.[key];
    return typeof value === 'number' ? [{ name, value }] : [];
  });
  const untrained = list.explanation ? LEARNERS.filter(([key]) => typeof list.explanation?.[key] !== 'number').map(([, name]) => name) : [];
  return (
    <div data-testid="recommendations">
      <div className="panel padded rec-summary">
        <dl className="rec-facts">
          <div><dt>Source</dt><dd><span className={`status ${model ? 'active' : 'waiting'}`} data-testid="rec-source">{list.source}</span></dd></div>
          <div><dt>Few-shot path</dt><dd data-testid="rec-fewshot">{list.fewShot ? 'yes: adapted to the few events' : 'no'}</dd></div>
          <div><dt>History</dt><dd data-testid="rec-history">{list.historyLength.toLocaleString('en-US')} {list.historyLength === 1 ? 'event' : 'events'}</dd></div>
          <div>
            <dt>Model version</dt>
            <dd>{list.modelVersion ? (linkModels ? <Link href={`/models/${list.modelVersion.id}`}>{list.modelVersion.name}</Link> : list.modelVersion.name) : <span className="muted">none</span>}</dd>
          </div>
        </dl>
        {list.reason ? <p className="muted rec-reason" data-testid="rec-reason">Popularity served: {list.reason}.</p> : null}
        {list.fewShotReason ? <p className="muted rec-reason" data-testid="rec-fewshot-reason">{list.fewShot ? 'Few-shot path' : 'No few-shot path'}: {list.fewShotReason}.</p> : null}
        {weights.length > 0 ? (
          <div className="rec-weights">
            <h4>Fusion weights <span className="muted small">which learner drove this list</span></h4>
            <RecWeightsChart weights={weights} />
            <p className="small" data-testid="rec-weights-text">
              {weights.map((w) => `${w.name} ${w.value.toFixed(3)}`).join(' · ')}
              {untrained.length > 0 ? <span className="muted"> ({untrained.join(', ')}: not in this model)</span> : null}
            </p>
          </div>
        ) : model ? null : <p className="muted small">No fusion weights: popularity has no learners.</p>}
      </div>
      {list.items.length === 0 ? (
        <EmptyState title="Nothing to recommend">Every active item is already in the history, or the catalog has no active items.</EmptyState>
      ) : (
        <ol className="grid rec-grid" aria-label="Recommended items">
          {list.items.map(({ rank, score, newItem, newToVersion, because, becauseSimilarity, item }) => (
            <li key={item.id} className="card" data-testid="rec-card">
              <ItemImage item={item} size="card" />
              <div className="rec-rank">
                #{rank}
                {newItem ? <> <span className="status waiting" data-testid="rec-new-item" title="Placed in a slot kept for items new to the model version (added since its training, or without events in it), not by its rank among all items">new item</span></> : null}
                {newToVersion && !newItem ? <> <span className="status waiting" data-testid="rec-new-ranked" title="New to the model version (added since its training, or without events in it: placed by the item embedding generator) and ranked here on its own">new, ranked in</span></> : null}
              </div>
              <Link href={`/items/${encodeURIComponent(item.id)}`} className="rec-title" data-testid="rec-title">{item.title}</Link>
              <div className="muted small">{model ? `score ${score.toFixed(3)}` : `${score.toLocaleString('en-US')} interactions`}</div>
              {because ? (
                <div className="muted small" data-testid="rec-because" title={`The history's item it is most like (similarity ${(becauseSimilarity ?? 0).toFixed(2)})`}>
                  because of <Link href={`/items/${encodeURIComponent(because.id)}`}>{because.title}</Link>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
