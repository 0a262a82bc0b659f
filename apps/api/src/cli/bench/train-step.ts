import os from 'node:os';
import type { Command } from 'commander';
import { benchTrainStep, type TrainStepBenchResult } from '@fewshot/model/bench';
import type { KernelChoice } from '@fewshot/model/engine';
import { reportBenchResult } from './bench-result.ts';

interface TrainStepBenchOptions {
  json?: string;
  threads?: string;
  kernels: KernelChoice;
  windows: string;
  steps: string;
  warmup: string;
}

/** PyTorch 1.13 + OpenBLAS on these 2-core machines, same step, best thread setting (the figure). */
const PYTORCH_STEPS_PER_SECOND = 12;
const GOAL_STEPS_PER_SECOND = 12;
const AIM_STEPS_PER_SECOND = 18;

/** `fewshot bench train-step`: steps/s of MML's reference SASRec training step at vocabularies 10k and 50k. */
export function registerTrainStepBenchmark(bench: Command): void {
  bench
    .command('train-step')
    .description('Steps/s of the reference SASRec training step (batch 128 × 50, d 64, 2 layers, BPR, Adam) at 10k and 50k items')
    .option('--json <file>', 'write the results as JSON')
    .option('--threads <n>', 'training threads (default: all cores, at most 2)')
    .option('--kernels <path>', 'auto | wasm-relaxed-simd | wasm-simd | typescript', 'auto')
    .option('--windows <n>', 'timed windows (the median is reported)', '7')
    .option('--steps <n>', 'steps per window', '10')
    .option('--warmup <n>', 'untimed warm-up steps', '5')
    .action(async (options: TrainStepBenchOptions) => {
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
        pytorchStepsPerSecond: PYTORCH_STEPS_PER_SECOND,
        goalStepsPerSecond: GOAL_STEPS_PER_SECOND,
        aimStepsPerSecond: AIM_STEPS_PER_SECOND,
        meetsGoal: small.stepsPerSecond >= GOAL_STEPS_PER_SECOND,
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
        loadAverageBefore: loadBefore,
        notes: 'median of the timed windows; sequences are full length (no padding); the machine field records the load average at the end',
      }, options.json);
    });
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}
