// @fewshot/model/bench: performance measurements the CLI's `fewshot bench …` commands run (never timed tests).
export { benchTrainStep, type TrainStepBenchOptions, type TrainStepBenchResult } from './train-step.ts';
export { benchPytorchTrainStep, bestPytorchRun, findTorchPython, type PytorchBaseline, type PytorchBaselineOptions, type PytorchRun } from './pytorch-baseline.ts';
export { profileTrainStep, type KernelShare, type TrainStepProfile, type TrainStepProfileOptions } from './profile-train-step.ts';
export { benchCatalogMemory, type CatalogMemoryOptions, type CatalogMemoryResult, type CatalogMemoryRun } from './catalog-memory.ts';
