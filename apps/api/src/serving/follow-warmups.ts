import type { Database } from '@fewshot/db';
import type { JobQueues } from '../jobs/job-queues.ts';
import type { WarmupJobResult } from '../jobs/queues.ts';
import { applyWarmedItems } from './apply-warmed-items.ts';
import type { ModelRegistry } from './model-registry.ts';

/**
 * Every api replica listens for finished warm-ups (BullMQ's completion events, over Redis) and loads the embeddings
 * a worker stored, so an item onboarded through any replica is ranked by all of them within moments, without
 * retraining or restarting. A replica that missed events (Redis away) catches up when it next loads a version.
 */
export function followWarmups(db: Database, registry: ModelRegistry, queues: JobQueues, log: (message: string) => void): void {
  const events = queues.queueEvents('warmup');
  events.on('completed', ({ jobId, returnvalue }) => {
    const result = (typeof returnvalue === 'string' ? safeParse(returnvalue) : returnvalue) as WarmupJobResult | null;
    if (!result || !Array.isArray(result.itemIds)) return;
    const itemIds = result.itemIds;
    if (itemIds.length === 0) return;
    applyWarmedItems(db, registry, itemIds).catch((error: unknown) => log(`fewshot api: could not load warm-up ${jobId}'s items: ${error instanceof Error ? error.message : String(error)}`));
  });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
