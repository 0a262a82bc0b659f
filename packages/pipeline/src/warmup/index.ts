export { loadItemEmbeddings, type ItemEmbedding, type LoadItemEmbeddingsOptions } from './item-embeddings.ts';
export { newItemVectors, type EncoderRecord } from './new-item-vectors.ts';
export { warmUpItems, type WarmUpItemsOptions, type WarmUpProgress, type WarmUpResult } from './warm-up-items.ts';
export { WarmupModelCache, type WarmupModel } from './warmup-model-cache.ts';
