// The features flow: encode items' text and images into stored vectors, cache their neighbours, read them back.
export { computeFeatures, DEFAULT_BATCH_SIZE, type ComputeFeaturesOptions, type EncoderRun } from './compute-features.ts';
export { encoderRef, encoderSetKey, type EncoderRef } from './encoder-set.ts';
export { featurizeItems, type FeaturizeItemsOptions, type FeaturizeResult } from './featurize-items.ts';
export { countItemsNeedingFeature, type FeatureTarget } from './items-needing-features.ts';
export { chooseStoredEncoder, loadFeatureTable, type FeatureTable } from './feature-table.ts';
export { itemNeighbours, type ItemNeighbours, type ItemNeighboursOptions } from './item-neighbours.ts';
export { listFeatureFailures, type FeatureFailure } from './list-feature-failures.ts';
export { readMl100kItems, type CatalogItem } from './ml100k-items.ts';
export { storeFeatureOutcomes, type ItemOutcome } from './store-feature-outcomes.ts';
export { loadStoredImages, STORED_IMAGE_PREFIX, storedImageSha256, storedImageUri } from './stored-image.ts';
