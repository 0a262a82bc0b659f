// @fewshot/model/bench: performance measurements the CLI's `fewshot bench …` commands run (never timed tests).
export { benchTrainStep, type TrainStepBenchOptions, type TrainStepBenchResult } from './train-step.ts';
