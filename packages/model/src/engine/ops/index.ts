// Every differentiable op, one file each. To add an op, see packages/model/README.md ("Adding an op").
export { add, addBias } from './add.ts';
export { addBroadcast } from './add-broadcast.ts';
export { causalSelfAttention, type AttentionOptions } from './attention.ts';
export { bprLoss } from './bpr-loss.ts';
export { crossEntropy } from './cross-entropy.ts';
export { dropout } from './dropout.ts';
export { embedding } from './embedding.ts';
export { gelu } from './gelu.ts';
export { layerNorm } from './layer-norm.ts';
export { linear } from './linear.ts';
export { matmul, type MatmulOptions } from './matmul.ts';
export { relu } from './relu.ts';
export { residualNorm, type ResidualNormOptions } from './residual-norm.ts';
export { rowDot } from './row-dot.ts';
export { softmax } from './softmax.ts';
