import os from 'node:os';
import type { Database } from '@fewshot/db';
import { parseProviders } from '@fewshot/onnx/session';
import type { Env } from '../env.ts';
import { ModelRegistry } from './model-registry.ts';
import type { RecommendSettings } from './recommend.ts';

/** What serves recommendations in this process: the registry of the active model and the request settings. */
export interface Serving {
  registry: ModelRegistry;
  settings: RecommendSettings;
}

/** The serving state from configuration; `start()` on the registry loads the active version. */
export function createServing(db: Database, env: Pick<Env, 'FEWSHOT_EXECUTION_PROVIDERS' | 'FEWSHOT_COLD_THRESHOLD' | 'FEWSHOT_ADAPTATION_CACHE' | 'FEWSHOT_MODEL_POLL_MS'> & Partial<Pick<Env, 'FEWSHOT_ADAPTATION_THREADS'>>, log?: (message: string) => void): Serving {
  const providers = parseProviders(env.FEWSHOT_EXECUTION_PROVIDERS);
  const registry = new ModelRegistry(db, {
    providers,
    adaptationCacheSize: env.FEWSHOT_ADAPTATION_CACHE,
    // One core stays with the request thread (and onnxruntime); the others adapt cold users.
    adaptationThreads: env.FEWSHOT_ADAPTATION_THREADS ?? Math.max(1, os.availableParallelism() - 1),
    pollMs: env.FEWSHOT_MODEL_POLL_MS,
    log,
    onFallback: (provider, reason) => (log ?? console.log)(`fewshot api: execution provider ${provider} did not load (${reason}); trying the next one`),
  });
  return { registry, settings: { coldThreshold: env.FEWSHOT_COLD_THRESHOLD } };
}
