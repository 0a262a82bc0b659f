import { Graph, type Workspace } from '../engine/index.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import { shardRange, type SharedBatch } from './shared-batch.ts';

export interface ShardStep {
  replica: number;
  replicas: number;
  B: number;
  T: number;
  normalizer: number;
  seed: number;
  step: number;
}

/**
 * Forward and backward of one replica's shard of the shared batch; gradients accumulate into the replica's own
 * gradient set. Returns the shard's share of the batch loss (shares sum to the batch loss). Runs on any thread.
 */
export function bprShardStep(model: SasRec, workspace: Workspace, batch: SharedBatch, s: ShardStep): number {
  const [start, end] = shardRange(s.B, s.replica, s.replicas);
  if (end <= start) return 0;
  const g = new Graph(workspace, { training: true, seed: s.seed, step: s.step, batchOffset: start });
  try {
    const shard = batch.shard(start, end, s.T);
    const { loss } = model.calculateLoss(g, { ...shard, normalizer: s.normalizer });
    g.backward(loss);
    return loss.data[0]!;
  } finally {
    g.dispose();
  }
}
