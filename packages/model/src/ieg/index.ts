// @fewshot/model/ieg: the cold-start item embedding generator (stage 2) and item neighbours.
export { ItemEmbeddingGenerator, type GeneratorConfig } from './generator.ts';
export { generatorFeatures, normalizeInto, type FeatureTableInput } from './generator-features.ts';
export { nearestNeighbours, nearestToVector, topK } from './neighbours.ts';
export { generateEmbeddings, heapConstant, trainGenerator, writeGeneratedRows, type GeneratorEpochReport, type TrainGeneratorOptions } from './train-generator.ts';
