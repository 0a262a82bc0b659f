import os from 'node:os';
import { createEngine, type KernelChoice, type KernelPath, type WeightTensor } from '../engine/index.ts';
import { epochBatches } from '../data/bpr-batches.ts';
import { leaveOneOut, type LeaveOneOutSplit } from '../data/leave-one-out.ts';
import { validateDataset, type SequenceDataset } from '../data/sequence-dataset.ts';
import { trainingWindows } from '../data/windows.ts';
import { evaluateFullRanking, type RankingReport } from '../eval/full-ranking.ts';
import { popularityScorer } from '../eval/popularity.ts';
import { sasRecScorer } from '../eval/sasrec-scorer.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { saveSasRecWeights } from '../sasrec/weights-io.ts';
import type { SasRecConfig } from '../sasrec/config.ts';
import { BprTrainer } from './bpr-trainer.ts';
import type { TrainProgress } from './progress.ts';

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
}

export interface EpochReport {
  epoch: number;
  loss: number;
  seconds: number;
  /** Masked full-ranking metrics on the validation items, when validated this epoch. */
  valid?: RankingReport;
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
  const engine = createEngine({ kernels: options.kernels ?? 'auto' });
  const model = SasRec.create(engine, { ...options.model, numItems: dataset.numItems }, { seed, replicas: threads, features: options.features });
  const T = model.config.maxLength;
  const windows = trainingWindows(split.train, T);
  if (windows.length === 0) throw new Error('no training windows: every user needs at least 4 items (2 for training, then validation and test)');
  const trainer = await BprTrainer.create(engine, model, { lr, seed, threads: engine.shared ? threads : 1, maxBatchPositions: batchSize * T });
  const scorer = sasRecScorer(model, trainer.workspace);
  const reports: EpochReport[] = [];
  let best: { epoch: number; score: number; weights: WeightTensor[] } | undefined;
  try {
    const batches = Math.ceil(windows.length / batchSize);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      let batch = 0;
      onProgress?.({ kind: 'epoch-start', epoch, epochs, batches });
      for (const raw of epochBatches(windows, batchSize, T, dataset.numItems, seed, epoch)) {
        const loss = trainer.step(raw);
        lossSum += loss;
        batch++;
        onProgress?.({ kind: 'batch', epoch, epochs, batch, batches, loss });
      }
      const report: EpochReport = { epoch, loss: lossSum / batch, seconds: (performance.now() - started) / 1000 };
      if (validateEvery > 0 && (epoch % validateEvery === 0 || epoch === epochs) && split.valid.length > 0) {
        report.valid = evaluateFullRanking(scorer, split.valid, dataset.numItems);
        const score = report.valid.masked.ndcg[10] ?? 0;
        if (!best || score > best.score) best = { epoch, score, weights: model.store.snapshot() };
      }
      reports.push(report);
      onProgress?.({ kind: 'epoch-end', epoch, epochs, report });
    }
    // Test the best validation epoch's weights, copied at the time (not the live weights: mml-method.md's lesson).
    if (best) model.store.restore(best.weights);
    const test = evaluateFullRanking(scorer, split.test, dataset.numItems);
    const popularity = evaluatePopularity(split);
    return {
      model,
      epochs: reports,
      bestEpoch: best?.epoch ?? epochs,
      test,
      popularity,
      kernelPath: engine.kernels.path,
      threads: trainer.threads,
      weights: saveSasRecWeights(model, { trainedEpochs: epochs, bestEpoch: best?.epoch ?? epochs, seed }),
    };
  } finally {
    await trainer.close();
  }
}

/** Popularity over the training part of the split, ranked in the same harness as the model. */
export function evaluatePopularity(split: LeaveOneOutSplit): RankingReport {
  return evaluateFullRanking(popularityScorer(split.train, split.numItems), split.test, split.numItems);
}
