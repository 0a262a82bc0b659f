import type { Command } from 'commander';
import { registerCatalogMemoryBenchmark } from './catalog-memory.ts';
import { registerFeaturesBenchmark } from './features.ts';
import { registerImportBenchmark } from './import.ts';
import { registerOnboardingBenchmark } from './onboarding/onboarding.ts';
import { registerServeBenchmark } from './serve/serve.ts';
import { registerTrainStepBenchmark } from './train-step.ts';
import { registerUserActivityBenchmark } from './user-activity.ts';

/** Every `fewshot bench <name>` benchmark; each file under ./ registers one. */
export const benchmarks: Array<(bench: Command) => void> = [registerImportBenchmark, registerFeaturesBenchmark, registerTrainStepBenchmark, registerServeBenchmark, registerOnboardingBenchmark, registerCatalogMemoryBenchmark, registerUserActivityBenchmark];
