import type { Database } from '@fewshot/db';
import type { AllowedHost } from '../images/address-policy.ts';
import { ItemFeaturizer } from './item-featurizer.ts';

/** What item writes need from the process: the warm encoders and the image URL allow-list. */
export interface ItemWrites {
  /** Absent: writes compute no features (a new item waits for `fewshot features`). */
  featurizer?: ItemFeaturizer;
  /** Hosts an imageUrl may reach even on a refused address (FEWSHOT_IMAGE_FETCH_ALLOW_HOSTS). */
  allowImageHosts: readonly AllowedHost[];
}

export function createItemWrites(db: Database, allowImageHosts: readonly AllowedHost[], log?: (message: string) => void): ItemWrites {
  return { featurizer: new ItemFeaturizer(db, { log }), allowImageHosts };
}
