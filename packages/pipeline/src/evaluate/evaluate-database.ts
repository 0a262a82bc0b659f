import type { Database } from '@fewshot/db';
import { evaluateColdStart, type ColdStartEvalOptions, type ColdStartEvalReport, type ColdStartOptions } from '@fewshot/model/coldstart';
import { mmlConfig, type DeepPartial, type MmlConfig, type MmlProgress } from '@fewshot/model/mml';
import { loadTrainingSnapshot, type EncoderChoice, type TrainingSnapshot } from '../train/load-training-snapshot.ts';

export interface EvaluateDatabaseOptions {
  config?: DeepPartial<MmlConfig>;
  seeds: number[];
  ns?: number[];
  headlineN?: number;
  split?: ColdStartOptions;
  /** The tuning protocol: old users' pre-split data split again, so no real new user is ever looked at. */
  validation?: boolean;
  /** With validation: that many windows back in time, pooled (ColdStartEvalOptions.folds). */
  folds?: number;
  /** Put every case's rank in the report (ColdStartEvalOptions.keepRanks). */
  keepRanks?: boolean;
  /** Also rank with a recency prior per half-life and weight (ColdStartEvalOptions.recencyGrid). */
  recencyGrid?: ColdStartEvalOptions['recencyGrid'];
  /** Also rank with the item-transition scores added, per weight (ColdStartEvalOptions.transitionWeights). */
  transitionWeights?: ColdStartEvalOptions['transitionWeights'];
  /** Also rank mml averaged over orders of each history within equal timestamps (ColdStartEvalOptions.tieOrders). */
  tieOrders?: ColdStartEvalOptions['tieOrders'];
  /** Also replay the events after the split as lists with new-item slots (ColdStartEvalOptions.newItemSlots). */
  newItemSlots?: ColdStartEvalOptions['newItemSlots'];
  encoders?: EncoderChoice;
  latencyUsers?: number;
  signal?: AbortSignal;
  onSnapshot?: (snapshot: TrainingSnapshot) => void;
  onProgress?: (progress: MmlProgress & { seed: number; fold?: number }) => void;
}

/**
 * The whole cold-start protocol on whatever a database holds: its events, items and stored feature vectors, every
 * baseline, every slice, one trained model per seed. Writes nothing to the database.
 */
export async function evaluateDatabase(db: Database, options: EvaluateDatabaseOptions): Promise<{ report: ColdStartEvalReport; snapshot: TrainingSnapshot }> {
  const snapshot = await loadTrainingSnapshot(db, options.encoders);
  options.onSnapshot?.(snapshot);
  const report = await evaluateColdStart({ dataset: snapshot.dataset, features: snapshot.features }, {
    config: mmlConfig(options.config ?? {}),
    seeds: options.seeds,
    ns: options.ns ?? [5, 10, 20],
    headlineN: options.headlineN ?? 10,
    split: options.split,
    validation: options.validation,
    folds: options.folds,
    keepRanks: options.keepRanks,
    recencyGrid: options.recencyGrid,
    transitionWeights: options.transitionWeights,
    tieOrders: options.tieOrders,
    newItemSlots: options.newItemSlots,
    latencyUsers: options.latencyUsers,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return { report, snapshot };
}
