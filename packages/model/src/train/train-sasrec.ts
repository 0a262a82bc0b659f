import os from 'node:os';
import { createEngine, Workspace, type KernelChoice, type KernelPath } from '../engine/index.ts';
import { leaveOneOut, type LeaveOneOutSplit } from '../data/leave-one-out.ts';
import { validateDataset, type SequenceDataset } from '../data/sequence-dataset.ts';
import { evaluateFullRanking, type RankingReport } from '../eval/full-ranking.ts';
import { popularityScorer } from '../eval/popularity.ts';
import { sasRecScorer } from '../eval/sasrec-scorer.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { saveSasRecWeights } from '../sasrec/weights-io.ts';
import type { SasRecConfig } from '../sasrec/config.ts';
import { fitBpr, type EpochReport } from './fit-bpr.ts';
import type { TrainProgress } from './progress.ts';

export type { EpochReport } from './fit-bpr.ts';

export interface TrainSasRecOptions {
  /** Overrides of the MML SASRec config (numItems comes from the data). */
  model?: Partial<Omit<SasRecConfig, 'numItems'>>;
  /** Initial feature table for a feature learner, [numItems + 1, featureSize]. */
  features?: Float32Array;
  epochs?: number; // 50: enough for Adam to converge on ML-100K (mml-method.md)
  batchSize?: number; // 128 sequences, as in MML's base config
  lr?: number; // 1e-3 Adam
  seed?: number; // 42: every random choice (init, order, negatives, dropout) derives from it
  /** Training threads (data parallel); default: all cores, at most 2 (more helps little at this model size). */
  threads?: number;
  kernels?: KernelChoice;
  /** Validate every n epochs and keep the best epoch's weights (0: never, test the last epoch). */
  validateEvery?: number;
  onProgress?: (event: TrainProgress) => void;
  /** Stops between batches (training yields to the event loop often enough for a timer or a message to fire it). */
  signal?: AbortSignal;
}

export interface TrainSasRecResult {
  model: SasRec;
  epochs: EpochReport[];
  /** Epoch whose weights were tested (the best validation epoch, or the last). */
  bestEpoch: number;
  test: RankingReport;
  popularity: RankingReport;
  kernelPath: KernelPath;
  threads: number;
  /** The trained weights as a weight file (see README: weight file format). */
  weights: Uint8Array;
}

/**
 * Non-meta SASRec training on leave-one-out data: BPR with one uniform negative at every position, Adam, then
 * full-ranking evaluation of the last item against the popularity baseline in the same harness.
 */
export async function trainSasRec(dataset: SequenceDataset, options: TrainSasRecOptions = {}): Promise<TrainSasRecResult> {
  validateDataset(dataset);
  const { epochs = 50, batchSize = 128, lr = 1e-3, seed = 42, validateEvery = 1, onProgress } = options;
  const threads = options.threads ?? Math.min(2, os.availableParallelism());
  const split = leaveOneOut(dataset);
  if (!split.train.some((s) => s.length >= 2)) throw new Error('no training windows: every user needs at least 4 items (2 for training, then validation and test)');
  const engine = createEngine({ kernels: options.kernels ?? 'auto' });
  const model = SasRec.create(engine, { ...options.model, numItems: dataset.numItems }, { seed, replicas: threads, features: options.features });
  const fit = await fitBpr(model, split.train, {
    epochs, batchSize, lr, seed, threads: engine.shared ? threads : 1, validation: split.valid, validateEvery, onProgress, signal: options.signal,
  });
  const workspace = new Workspace(engine);
  const test = evaluateFullRanking(sasRecScorer(model, workspace), split.test, dataset.numItems);
  return {
    model,
    epochs: fit.epochs,
    bestEpoch: fit.bestEpoch,
    test,
    popularity: evaluatePopularity(split),
    kernelPath: engine.kernels.path,
    threads: fit.threads,
    weights: saveSasRecWeights(model, { trainedEpochs: epochs, bestEpoch: fit.bestEpoch, seed }),
  };
}

/** Popularity over the training part of the split, ranked in the same harness as the model. */
export function evaluatePopularity(split: LeaveOneOutSplit): RankingReport {
  return evaluateFullRanking(popularityScorer(split.train, split.numItems), split.test, split.numItems);
}
