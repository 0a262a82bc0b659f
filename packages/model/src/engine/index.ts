// @fewshot/model/engine: tensors, kernels, autograd ops and optimisers. See packages/model/README.md.
export { createEngine, joinEngine, type Engine, type EngineOptions, type KernelChoice, type SharedEngineHandle } from './engine.ts';
export { allocateSpan, HeapFullError, isHeapFull, type Dtype, type FloatArray, type Heap } from './heap.ts';
export type { KernelPath, Kernels } from './kernels.ts';
export { Graph, type GraphOptions } from './graph.ts';
export { Workspace } from './workspace.ts';
export { Arena, type Chunk } from './arena.ts';
export { Tensor, IntTensor, type RowTracker } from './tensor.ts';
export { Param, type ParamInit, type ParamSpec } from './param.ts';
export { ParamStore, type ParamLayout } from './param-store.ts';
export { Adam, type AdamOptions, type AdamStateLayout } from './optim/adam.ts';
export { shardRange, type Shard } from './optim/shard.ts';
export { Sgd } from './optim/sgd.ts';
export type { ParamGroup } from './optim/param-group.ts';
export { Rng, hashString } from './rng.ts';
export { mixKey } from './hash.ts';
export * as ops from './ops/index.ts';
export { encodeWeights, decodeWeights, type WeightTensor, type WeightHeader } from './weights-file.ts';
export { profileKernels, type KernelProfile } from './profile.ts';
