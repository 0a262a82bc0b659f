import { createEngine, profileKernels, type Engine, type KernelChoice, type KernelPath } from '../engine/index.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { BprTrainer } from '../train/bpr-trainer.ts';
import { B, referenceSteps, T } from './reference-step.ts';

export interface TrainStepProfileOptions {
  numItems: number;
  kernels?: KernelChoice;
  warmupSteps?: number;
  steps?: number;
  seed?: number;
}

export interface KernelShare {
  kernel: string;
  msPerStep: number;
  callsPerStep: number;
  /** Fraction of the whole step's wall time. */
  share: number;
}

export interface TrainStepProfile {
  numItems: number;
  kernelPath: KernelPath;
  steps: number;
  /** Wall time of a whole one-thread step, including JavaScript outside the kernels. */
  msPerStep: number;
  /** Time inside kernels; the rest is JavaScript (graph bookkeeping, sampling, copies). */
  kernelMsPerStep: number;
  kernels: KernelShare[];
}

/**
 * Where a step's time goes: the reference step on one thread with every kernel call timed (engine-notes.md: profile
 * before you optimise). One thread, because the timers wrap this thread's kernels only.
 */
export async function profileTrainStep(options: TrainStepProfileOptions): Promise<TrainStepProfile> {
  const { numItems, warmupSteps = 5, steps = 20, seed = 1 } = options;
  const base = createEngine({ kernels: options.kernels ?? 'auto' });
  const { kernels, profile } = profileKernels(base.kernels);
  // No shared handle: the trainer stays on this thread, where the timed kernels are.
  const engine: Engine = { heap: base.heap, kernels, shared: undefined };
  const model = SasRec.create(engine, { numItems }, { seed });
  const trainer = await BprTrainer.create(engine, model, { lr: 1e-3, seed, threads: 1, maxBatchPositions: B * T });
  try {
    const runStep = referenceSteps(trainer, numItems, seed);
    for (let i = 0; i < warmupSteps; i++) runStep();
    profile.reset();
    const started = performance.now();
    for (let i = 0; i < steps; i++) runStep();
    const msPerStep = (performance.now() - started) / steps;
    const report = profile.report();
    return {
      numItems,
      kernelPath: base.kernels.path,
      steps,
      msPerStep,
      kernelMsPerStep: report.reduce((sum, r) => sum + r.ms, 0) / steps,
      kernels: report.map((r) => ({ kernel: r.kernel, msPerStep: r.ms / steps, callsPerStep: r.calls / steps, share: r.ms / steps / msPerStep })),
    };
  } finally {
    await trainer.close();
  }
}
