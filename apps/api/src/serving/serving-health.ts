import type { ServingStatus } from './model-registry.ts';
import type { CacheCounters } from './recommendation-cache.ts';

/**
 * The `serving` block of /health: which model version and execution provider answer, or why none does; and the
 * kept recommendation lists (`live` false: change notifications are not arriving, so every request computes), and
 * the lists of users without history reused for a few seconds (`countedLists`); while a trial runs, its version and
 * share (`trial`), or why this replica could not load it (`trialError`).
 */
export function servingHealth(status: ServingStatus, cache: CacheCounters & { live: boolean; countedLists: { hits: number; misses: number; entries: number } }): Record<string, unknown> {
  return {
    source: status.versionId === null ? 'popularity' : 'model',
    modelVersion: status.versionId,
    provider: status.provider,
    catalogItems: status.catalogRows,
    adaptationThreads: status.adaptationThreads,
    ...(status.lastError ? { error: status.lastError } : {}),
    ...(status.trial ? { trial: { id: status.trial.trialId, modelVersion: status.trial.versionId, share: status.trial.share, adaptationThreads: status.trial.adaptationThreads } } : {}),
    ...(status.trialError ? { trialError: status.trialError } : {}),
    cache,
  };
}
