import type { Database } from '@fewshot/db';
import { placeItems } from '../serving/place-items.ts';
import type { Serving } from '../serving/serving-state.ts';
import { distinctRecords } from '../jobs/active-encoders.ts';
import { featurizeForEach, type FeatureOutcome, type ItemFeaturizer } from './item-featurizer.ts';

export interface Recommendability {
  recommendable: boolean;
  /** Why not, when not; or what was only partly possible (an image that failed while the text placed it). */
  message: string | null;
  features: FeatureOutcome[];
  /** Milliseconds from the call to the item being placed (or known not to be). */
  milliseconds: number;
}

function describeFailures(features: readonly FeatureOutcome[]): string[] {
  return features.filter((f) => f.status === 'FAILED' || f.status === 'UNAVAILABLE').map((f) => `${f.modality.toLowerCase()} features${f.encoder ? ` (${f.encoder})` : ''} failed: ${f.error}`);
}

/**
 * After an item write: its features with the served models' encoders (ItemFeaturizer), then its placement in the
 * serving catalog by the item embedding generator (placeItems, which also refreshes status and genres), so the
 * next `recommendations` call can rank it, with no retraining. Says why when it cannot.
 */
export async function makeRecommendable(db: Database, serving: Serving | undefined, featurizer: ItemFeaturizer | undefined, itemId: number, status: string): Promise<Recommendability> {
  const started = performance.now();
  // The served versions' encoders: the active one's, and a running trial's where they differ (its users see the item
  // only once it has that version's vectors).
  const served = serving ? await serving.registry.useEach(async (model) => model.encoders) : { active: null, trial: null };
  const records = served.active ? distinctRecords([served.active, ...(served.trial ? [served.trial] : [])]) : null;
  const features = featurizer ? await featurizeForEach(featurizer, itemId, records) : [];
  const placement = serving ? await placeItems(db, serving.registry, [itemId]) : null;
  const milliseconds = Math.round(performance.now() - started);
  const failures = describeFailures(features);
  if (status !== 'ACTIVE') return { recommendable: false, message: 'the item is archived: recommendations never include it (restoreItem brings it back)', features, milliseconds };
  if (!placement || placement.versionId === null) {
    const computed = features.length > 0 && failures.length === 0 ? '; its features are ready for the next training' : '';
    return { recommendable: false, message: [`no model version is active: recommendations come from popularity, which needs events on the item${computed}`, ...failures].join('; '), features, milliseconds };
  }
  if (placement.placed.includes(itemId)) return { recommendable: true, message: failures.length > 0 ? failures.join('; ') : null, features, milliseconds };
  const why = failures.length > 0 ? failures : [featurizer ? 'it has no vector of the encoders the model was trained on' : 'this api process computes no features'];
  return { recommendable: false, message: [`model version ${placement.versionId} cannot place the item yet`, ...why].join('; '), features, milliseconds };
}
