import type { Command } from 'commander';

/** Every `fewshot bench <name>` benchmark; each file under ./ registers one. */
export const benchmarks: Array<(bench: Command) => void> = [];
