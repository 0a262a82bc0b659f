import { Option, type Command } from 'commander';
import type { KernelChoice } from '@fewshot/model/engine';

export interface TrainStepBenchOptions {
  json?: string;
  threads?: string;
  kernels: KernelChoice;
  windows: string;
  steps: string;
  warmup: string;
  pytorch: 'auto' | 'off' | 'require';
  profile?: boolean;
}

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
    .addOption(new Option('--pytorch <mode>', 'same step in PyTorch on this machine, 1 and 2 threads, for a same-machine ratio (auto: when a Python with torch exists)')
      .choices(['auto', 'off', 'require']).default('auto'))
    .option('--profile', 'also time every kernel of a one-thread step at vocabulary 10k and print where the time goes')
    .action(async (options: TrainStepBenchOptions) => {
      const { runTrainStepBenchmark } = await import('./train-step-action.ts');
      await runTrainStepBenchmark(options);
    });
}
