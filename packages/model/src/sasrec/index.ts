// @fewshot/model/sasrec: the SASRec learners (ID and feature), their config and weight files.
export { DEFAULT_SASREC_CONFIG, sasRecConfig, type LearnerKind, type SasRecConfig } from './config.ts';
export { SasRec, type BprBatch, type CreateOptions, type ForwardOutput, type LossOutput } from './sasrec.ts';
export { FeatureItemEncoder, IdItemEncoder, type ItemEncoder } from './item-encoder.ts';
export { TransformerBlock } from './transformer-block.ts';
export { loadSasRecWeights, saveSasRecWeights } from './weights-io.ts';
export { FrozenItemTable } from './frozen-item-table.ts';
