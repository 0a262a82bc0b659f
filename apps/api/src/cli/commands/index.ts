import type { Command } from 'commander';
import { registerBenchCommand } from './bench.ts';
import { registerCompareEvalsCommand } from './compare-evals.ts';
import { registerEvalCommand } from './eval.ts';
import { registerFeaturesCommand } from './features.ts';
import { registerImportCommand } from './import.ts';
import { registerItemsCommand } from './items.ts';
import { registerKeysCommand } from './keys.ts';
import { registerModelsCommand } from './models.ts';
import { registerProvidersCommand } from './providers.ts';
import { registerRecommendCommand } from './recommend.ts';
import { registerTrainCommand } from './train.ts';
import { registerUsersCommand } from './users.ts';

/** Every top-level `fewshot` sub-command; each file adds one (import, features, train, eval, bench, …). */
export const cliCommands: Array<(program: Command) => void> = [registerImportCommand, registerFeaturesCommand, registerTrainCommand, registerEvalCommand, registerCompareEvalsCommand, registerBenchCommand, registerKeysCommand, registerModelsCommand, registerRecommendCommand, registerItemsCommand, registerUsersCommand, registerProvidersCommand];
