// @fewshot/model/fusion: the adaptive fusion layer (stage 3) and its equal-weight ablation.
export { equalWeightFusion, FusionLayer, type FusionConfig, type FusionOutput } from './fusion-layer.ts';
export { fuseScores, trainFusion, type FusionEpochReport, type FusionSample, type FusionSelection, type FusionSelectionRule, type TrainFusionOptions, type TrainFusionResult } from './train-fusion.ts';
