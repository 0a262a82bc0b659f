import type { Command } from 'commander';
import { positiveInt } from '../arguments.ts';

export interface CompareEvalsOptions {
  slice?: string;
  k: number;
  json?: string;
}

/**
 * `fewshot compare-evals A B`: two `fewshot eval --ranks` files of the same protocol (say, two settings on the
 * tuning folds) compared case by case for every method, b − a with a paired 95% interval.
 */
export function registerCompareEvalsCommand(program: Command): void {
  program
    .command('compare-evals')
    .description('Compare two evaluations of the same protocol user by user (files written by fewshot eval --ranks): per method, B − A NDCG with a paired 95% interval')
    .argument('<a>', 'the baseline run\'s ranks file')
    .argument('<b>', 'the other run\'s ranks file')
    .option('--slice <name>', 'which slice (default: the headline, e.g. n=10; also n=5, n=20, item-cold)')
    .option('--k <k>', 'the NDCG cut-off', positiveInt, 10)
    .option('--json <file>', 'also write the comparison as JSON')
    .action(async (a: string, b: string, options: CompareEvalsOptions) => {
      const { runCompareEvals } = await import('./compare-evals-action.ts');
      await runCompareEvals(a, b, options);
    });
}
