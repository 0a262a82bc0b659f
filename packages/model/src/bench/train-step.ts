import os from 'node:os';
import { createEngine, type KernelChoice, type KernelPath } from '../engine/index.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import type { SasRecConfig } from '../sasrec/config.ts';
import { BprTrainer } from '../train/bpr-trainer.ts';
import { B, referenceSteps, T } from './reference-step.ts';

export interface TrainStepBenchOptions {
  numItems: number;
  /** Default: all cores, at most 2. */
  threads?: number;
  kernels?: KernelChoice;
  warmupSteps?: number;
  /** Timed windows; the median window is reported. */
  windows?: number;
  stepsPerWindow?: number;
  seed?: number;
  onWindow?: (window: number, stepsPerSecond: number) => void;
}

export interface TrainStepBenchResult {
  numItems: number;
  batchSize: number;
  sequenceLength: number;
  threads: number;
  kernelPath: KernelPath;
  /** Median over windows of steps per wall-clock second. */
  stepsPerSecond: number;
  windowStepsPerSecond: number[];
  /** Process CPU seconds (all threads) per step over the timed windows: less sensitive to other load. */
  cpuSecondsPerStep: number;
  config: SasRecConfig;
}

/**
 * The reference step of MML's base config: 128 sequences of 50 items (no padding), d 64, 2 layers, 2 heads,
 * FFN 256, GELU, dropout 0.5, BPR with one negative per position, Adam. A step = sampling negatives, forward,
 * backward, gradient reduction across threads and the Adam update.
 */
export async function benchTrainStep(options: TrainStepBenchOptions): Promise<TrainStepBenchResult> {
  const { numItems, warmupSteps = 5, windows = 5, stepsPerWindow = 10, seed = 1 } = options;
  const threads = options.threads ?? Math.min(2, os.availableParallelism());
  const engine = createEngine({ kernels: options.kernels ?? 'auto' });
  const model = SasRec.create(engine, { numItems }, { seed, replicas: threads });
  const trainer = await BprTrainer.create(engine, model, { lr: 1e-3, seed, threads: engine.shared ? threads : 1, maxBatchPositions: B * T });
  try {
    const runStep = referenceSteps(trainer, numItems, seed);
    for (let i = 0; i < warmupSteps; i++) runStep();
    const windowStepsPerSecond: number[] = [];
    const cpuStart = process.cpuUsage();
    for (let w = 0; w < windows; w++) {
      const started = performance.now();
      for (let i = 0; i < stepsPerWindow; i++) runStep();
      const stepsPerSecond = (stepsPerWindow * 1000) / (performance.now() - started);
      windowStepsPerSecond.push(stepsPerSecond);
      options.onWindow?.(w, stepsPerSecond);
    }
    const cpu = process.cpuUsage(cpuStart);
    const sorted = [...windowStepsPerSecond].sort((a, b) => a - b);
    return {
      numItems,
      batchSize: B,
      sequenceLength: T,
      threads: trainer.threads,
      kernelPath: engine.kernels.path,
      stepsPerSecond: sorted[Math.floor(sorted.length / 2)]!,
      windowStepsPerSecond,
      cpuSecondsPerStep: (cpu.user + cpu.system) / 1e6 / (windows * stepsPerWindow),
      config: model.config,
    };
  } finally {
    await trainer.close();
  }
}
