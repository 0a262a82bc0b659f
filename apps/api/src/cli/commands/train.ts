import type { Command } from 'commander';
import { registerTrainMmlCommand } from './train-mml.ts';
import { registerTrainSasRecCommand } from './train-sasrec.ts';

/** `fewshot train mml|sasrec`: MML model versions, and the non-meta SASRec baseline. */
export function registerTrainCommand(program: Command): void {
  const train = program.command('train').description('Train a model');
  registerTrainMmlCommand(train);
  registerTrainSasRecCommand(train);
}
