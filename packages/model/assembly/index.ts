// Entry point of the kernel module: every export here is callable from TypeScript (src/engine/wasm/).
// All pointers are byte offsets into the one shared WebAssembly.Memory the engine allocates tensors in.
export { gemm, GEMM_SCRATCH_BYTES } from './gemm';
export { zero, copy, add, axpy, scale, addBias, biasGrad, mulInto, rowDot, rowDotBackward } from './elementwise';
export { gelu, geluWithSlope, relu, reluBackward } from './activation';
export { layerNorm, layerNormBackward } from './layer-norm';
export { residualNorm, residualNormBackward } from './residual-norm';
export { softmax, softmaxBackward, softmaxCrossEntropy, softmaxCrossEntropyBackward } from './softmax';
export { dropout } from './dropout';
export { gather, scatterAdd, clearRows, accumulateRows } from './embedding';
export { bpr, bprBackward } from './loss';
export { adam, adamRows, sgd, sgdRows } from './optim';
export { attentionForward, attentionBackward, attentionScratchBytes } from './attention';
