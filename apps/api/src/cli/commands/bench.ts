import type { Command } from 'commander';
import { benchmarks } from '../bench/index.ts';

/** `fewshot bench <name> --json FILE`: performance goals live here, never in timed unit tests. */
export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description('Run a benchmark and optionally write its results as JSON');
  for (const registerBenchmark of benchmarks) registerBenchmark(bench);
}
