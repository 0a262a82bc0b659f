// The training flow: a model version from a database snapshot, and loading a stored version back.
export { loadTrainingSnapshot, type EncoderChoice, type TrainingSnapshot } from './load-training-snapshot.ts';
export { loadModelVersion, readModelArtifact, type LoadedModelVersion } from './load-model-version.ts';
export { DEFAULT_EVALUATION, trainModelVersion, type ModelVersionMetrics, type TrainModelVersionOptions, type TrainModelVersionResult } from './train-model-version.ts';
export type { TrainingProgress } from './training-progress.ts';
