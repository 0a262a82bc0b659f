import type { ServingStatus } from './model-registry.ts';

/** The `serving` block of /health: which model version and execution provider answer, or why none does. */
export function servingHealth(status: ServingStatus): Record<string, unknown> {
  return {
    source: status.versionId === null ? 'popularity' : 'model',
    modelVersion: status.versionId,
    provider: status.provider,
    catalogItems: status.catalogRows,
    ...(status.lastError ? { error: status.lastError } : {}),
  };
}
