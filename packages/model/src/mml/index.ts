// @fewshot/model/mml: MML end to end: configuration, training (three stages), the trained model, its artifact.
export { DEFAULT_MML_CONFIG, LEARNER_NAMES, mmlConfig, validateMmlConfig, type AdaptationConfig, type DeepPartial, type LearnerName, type MmlConfig } from './config.ts';
export { trainMml, type MmlProgress, type MmlTrainingReport, type StageTiming, type TrainMmlOptions, type TrainMmlResult } from './train-mml.ts';
export { MmlModel, type AdaptProcedure, type GeneratorSlot, type LearnerSlot, type NewItemFeatures, type NewItemVectors, type Recommendation } from './mml-model.ts';
export { AdaptationPool } from './adaptation-pool.ts';
export { loadMmlModel, readMmlMetadata, saveMmlModel, MML_ARTIFACT_VERSION, type MmlArtifactMetadata } from './artifact.ts';
export { prepareData, type MmlTrainingData, type PreparedData } from './training-data.ts';
export type { FeatureTableInput } from '../ieg/generator-features.ts';
