// The neighbour entry point: concatenate per-modality features, then blocked top-K by dot product.
export { concatFeatures, type ConcatenatedFeatures, type FeatureBlock } from './concat-features.ts';
export { topKNeighbours, type TopKNeighbours, type TopKNeighboursOptions } from './top-k-neighbours.ts';
