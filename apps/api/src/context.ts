import type { IncomingHttpHeaders } from 'node:http';
import type { Database } from '@fewshot/db';
import { authenticate, type ApiKeyIdentity } from './auth/authenticate.ts';
import type { KeyCache } from './auth/key-cache.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { ItemWrites } from './items/item-writes.ts';
import type { JobQueues } from './jobs/job-queues.ts';
import type { Serving } from './serving/serving-state.ts';
import type { ApiMetrics } from './metrics/api-metrics.ts';
import type { RateLimits } from './protection/rate-limits.ts';

/** Process-wide state the api reports on. */
export interface ApiState {
  startedAt: number;
  /** True while the demo catalog is being imported into an empty database. */
  seeding: boolean;
  /** What serves recommendations; absent in a process that serves none (recommendation fields then fail). */
  serving?: Serving;
  /** Item writes: the encoders for new items' features and the hosts image URLs may reach (items/item-writes.ts). */
  items?: ItemWrites;
  /** The job queues (features, warm-up, training); absent without REDIS_URL. */
  jobs?: JobQueues;
  /** How long an item write waits for its features and warm-up (FEWSHOT_ONBOARDING_WAIT_MS). */
  onboardingWaitMs?: number;
  /** Remembers verified keys briefly (auth/key-cache.ts); absent: every request asks the database. */
  keys?: KeyCache;
  /** The request rate limits (protection/rate-limits.ts), whose settings key lists show; absent: none. */
  rateLimits?: RateLimits;
  /** The process's metrics (metrics/api-metrics.ts), which resolvers add to; absent: nothing is counted. */
  metrics?: ApiMetrics;
}

export interface ContextValue {
  db: Database;
  loaders: Loaders;
  state: ApiState;
  /** The API key the request was made with; null when it sent none or one that is unknown or revoked. */
  auth: ApiKeyIdentity | null;
  /** The request's barrier before anything kept in memory is read (Serving.requestBarrier). */
  barrier?: () => Promise<boolean>;
}

export function createContext(db: Database, state: ApiState, auth: ApiKeyIdentity | null = null, barrier = state.serving?.requestBarrier()): ContextValue {
  return { db, loaders: createLoaders(db, state.serving?.itemRows, barrier, state.rateLimits), state, auth, barrier };
}

/**
 * A request's context: its API key is checked once here, after the request's barrier when the key is remembered (so
 * a key revoked anywhere before the request is refused), the same barrier its kept answers pass; resolvers call
 * requireRole (auth/require-role.ts).
 */
export async function createRequestContext(db: Database, state: ApiState, headers: IncomingHttpHeaders): Promise<ContextValue> {
  const barrier = state.serving?.requestBarrier();
  const auth = await (state.keys ? state.keys.authenticate(headers, barrier) : authenticate(db, headers));
  return createContext(db, state, auth, barrier);
}
