import os from 'node:os';
import { benchPytorchTrainStep, benchTrainStep, bestPytorchRun, profileTrainStep, type PytorchBaseline, type TrainStepBenchResult, type TrainStepProfile } from '@fewshot/model/bench';
import { readCliEnv } from '../../env.ts';
import { reportBenchResult } from './bench-result.ts';
import type { TrainStepBenchOptions } from './train-step.ts';

/** PyTorch 1.13 + OpenBLAS on these 2-core machines, same step, best thread setting: the quoted figure. */
const PYTORCH_QUOTED_STEPS_PER_SECOND = 12;
const GOAL_STEPS_PER_SECOND = 12;
const AIM_STEPS_PER_SECOND = 18;

/** What `fewshot bench train-step` does, loaded only when it runs (see ./train-step.ts). */
export async function runTrainStepBenchmark(options: TrainStepBenchOptions): Promise<void> {
  const run = (numItems: number) => {
    process.stderr.write(`vocabulary ${numItems}: warming up…\n`);
    return benchTrainStep({
      numItems,
      threads: options.threads ? Number(options.threads) : undefined,
      kernels: options.kernels,
      windows: Number(options.windows),
      stepsPerWindow: Number(options.steps),
      warmupSteps: Number(options.warmup),
      onWindow: (w, sps) => process.stderr.write(`  window ${w + 1}/${options.windows}: ${sps.toFixed(2)} steps/s\n`),
    });
  };
  const loadBefore = os.loadavg();
  const small = await run(10_000);
  const large = await run(50_000);
  const pytorch = await runPytorch(options);
  const profile = options.profile ? await runProfile(options) : undefined;
  const pytorch10k = bestPytorchRun(pytorch, 10_000);
  const pytorch50k = bestPytorchRun(pytorch, 50_000);
  const summary = (r: TrainStepBenchResult) => ({
    stepsPerSecond: round(r.stepsPerSecond),
    windowStepsPerSecond: r.windowStepsPerSecond.map((x) => round(x)),
    cpuSecondsPerStep: round(r.cpuSecondsPerStep, 4),
  });
  await reportBenchResult('train-step', {
    stepsPerSecond: round(small.stepsPerSecond),
    stepsPerSecond50k: round(large.stepsPerSecond),
    kernelPath: small.kernelPath,
    threads: small.threads,
    vocab10k: summary(small),
    vocab50k: summary(large),
    pytorch: pytorch.measured
      ? {
        measured: true,
        stepsPerSecond: pytorch10k && round(pytorch10k.stepsPerSecond),
        bestThreads: pytorch10k?.threads,
        stepsPerSecond50k: pytorch50k && round(pytorch50k.stepsPerSecond),
        bestThreads50k: pytorch50k?.threads,
        torchVersion: pytorch.torchVersion,
        blas: pytorch.blas,
        runs: pytorch.runs.map((r) => ({ ...r, stepsPerSecond: round(r.stepsPerSecond), windowStepsPerSecond: r.windowStepsPerSecond.map((x) => round(x)) })),
      }
      : pytorch,
    speedupOverPytorch: pytorch10k && round(small.stepsPerSecond / pytorch10k.stepsPerSecond),
    speedupOverPytorch50k: pytorch50k && round(large.stepsPerSecond / pytorch50k.stepsPerSecond),
    pytorchQuotedStepsPerSecond: PYTORCH_QUOTED_STEPS_PER_SECOND,
    goalStepsPerSecond: GOAL_STEPS_PER_SECOND,
    aimStepsPerSecond: AIM_STEPS_PER_SECOND,
    meetsGoal: small.stepsPerSecond >= GOAL_STEPS_PER_SECOND && (!pytorch10k || small.stepsPerSecond >= pytorch10k.stepsPerSecond),
    step: {
      batchSize: small.batchSize,
      sequenceLength: small.sequenceLength,
      hiddenSize: small.config.hiddenSize,
      layers: small.config.numLayers,
      heads: small.config.numHeads,
      innerSize: small.config.innerSize,
      dropout: small.config.hiddenDropout,
      loss: 'BPR, one uniform negative per position',
      optimizer: 'Adam (row-sparse for the item table)',
    },
    profile: profile && {
      msPerStep: round(profile.msPerStep),
      kernelMsPerStep: round(profile.kernelMsPerStep),
      kernels: profile.kernels.map((k) => ({ ...k, msPerStep: round(k.msPerStep, 3), share: round(k.share, 4) })),
    },
    loadAverageBefore: loadBefore,
    notes: 'median of the timed windows; sequences are full length (no padding); pytorch is the same step in PyTorch, run by this command after ours (packages/model/src/bench/pytorch-train-step.py), at its best thread setting (threads = torch.set_num_threads; OpenBLAS keeps its default pool); pytorchQuotedStepsPerSecond is the figure the issue quotes; the machine field records the load average at the end',
  }, options.json);
}

/** A one-thread step with every kernel timed, printed as a table (slowest first). */
async function runProfile(options: TrainStepBenchOptions): Promise<TrainStepProfile> {
  process.stderr.write('profile: one thread, vocabulary 10000, every kernel timed…\n');
  const profile = await profileTrainStep({ numItems: 10_000, kernels: options.kernels, warmupSteps: Number(options.warmup) });
  process.stderr.write(`  step ${profile.msPerStep.toFixed(1)} ms, of which kernels ${profile.kernelMsPerStep.toFixed(1)} ms\n`);
  for (const k of profile.kernels.filter((k) => k.msPerStep >= 0.05)) {
    process.stderr.write(`  ${k.kernel.padEnd(28)} ${k.msPerStep.toFixed(2).padStart(7)} ms ${(k.share * 100).toFixed(1).padStart(5)}%  ${k.callsPerStep} calls\n`);
  }
  return profile;
}

/** The same step in PyTorch on this machine: one process per thread setting, after our own runs. */
async function runPytorch(options: TrainStepBenchOptions): Promise<PytorchBaseline> {
  if (options.pytorch === 'off') return { measured: false, reason: 'skipped (--pytorch off)' };
  process.stderr.write('PyTorch baseline: same step, 1 and 2 threads…\n');
  const baseline = await benchPytorchTrainStep({
    vocabularies: [10_000, 50_000],
    threads: [1, 2],
    windows: Number(options.windows),
    stepsPerWindow: Number(options.steps),
    warmupSteps: Number(options.warmup),
    python: readCliEnv().FEWSHOT_PYTHON,
    onRun: (r) => process.stderr.write(`  PyTorch vocabulary ${r.numItems}, ${r.threads} thread(s): ${r.stepsPerSecond.toFixed(2)} steps/s\n`),
  });
  if (!baseline.measured) {
    if (options.pytorch === 'require') throw new Error(`--pytorch require: ${baseline.reason}`);
    process.stderr.write(`PyTorch baseline skipped: ${baseline.reason}\n`);
  }
  return baseline;
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}
