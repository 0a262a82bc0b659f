import type { GraphBuilder } from '@fewshot/onnx/writer';
import type { Param } from '../engine/index.ts';
import type { SasRec } from '../sasrec/sasrec.ts';

/** What one learner's sequence encoder produces inside the serving graph. */
export interface LearnerOutputs {
  /** [batch, items]: every item's score (column 0 is padding), as `SasRec.fullSortPredict`. */
  scores: string;
  /** [batch, T·D]: last-layer hidden states, zero past each history (the fusion's input, as TaskLearner.score). */
  hidden: string;
}

/** A large negative instead of −∞ for masked attention logits: exp underflows to 0 without NaN on any provider. */
const MASKED = -1e9;

/**
 * Appends one SASRec sequence encoder to `b`, mirroring SasRec.encode at inference (no dropout): item vectors are
 * a graph input (`item_vectors.<name>`, [items, D]), so a new item is a new row, not a new graph; the local modules
 * (position embedding, input LayerNorm, blocks) are inputs too (`<name>.<param>`), so one graph serves θ and a
 * user's adapted copy. `items` is [batch, T] int64, left-aligned histories with 0 as padding.
 */
export function appendSasRec(b: GraphBuilder, name: string, model: SasRec, items: string, valid: { bool: string; float: string }): LearnerOutputs {
  const { hiddenSize: D, maxLength: T, numHeads: H, layerNormEps: eps } = model.config;
  const dh = D / H;
  const local = new Set(model.parameterGroups().local.map((p) => p.name));
  const param = (p: Param): string => {
    if (!local.has(p.name)) throw new Error(`${p.name} is not a local module of the ${name} learner`);
    return b.weight(`${name}.${p.name}`, p.spec.shape, Float32Array.from(p.value.data), { asInput: true });
  };
  const itemVectors = b.input({ name: `item_vectors.${name}`, elemType: 'float', shape: ['items', D] });

  const embedded = b.op('Gather', [itemVectors, items], { axis: { int: 0 } }); // [batch, T, D]
  const summed = b.op('Add', [embedded, param(model.positionEmbedding)]); // [batch, T, D]
  let h = layerNorm(b, summed, param(model.inputNorm.gamma), param(model.inputNorm.beta), eps);

  // Additive attention mask [batch, 1, T, T]: padding keys and future positions get MASKED.
  const keyMask = b.op('Where', [valid.bool, b.float([0], []), b.float([MASKED], [])]); // [batch, T]
  const keyMask4 = b.op('Unsqueeze', [keyMask, b.int64([1, 2])]); // [batch, 1, 1, T]
  const causal = new Float32Array(T * T);
  for (let q = 0; q < T; q++) for (let k = q + 1; k < T; k++) causal[q * T + k] = MASKED;
  const mask = b.op('Add', [keyMask4, b.float(causal, [1, 1, T, T], 'causal')]); // [batch, 1, T, T]

  for (const block of model.blocks) {
    const qkv = b.op('Add', [b.op('MatMul', [h, param(block.qkvWeight)]), param(block.qkvBias)]); // [batch, T, 3D]
    const [q, k, v] = b.opN('Split', [qkv, b.int64([D, D, D])], 3, { axis: { int: 2 } }); // 3 × [batch, T, D]
    const heads = (x: string, perm: number[]) => b.op('Transpose', [b.op('Reshape', [x, b.int64([0, 0, H, dh])])], { perm: { ints: perm } });
    const logits = b.op('Mul', [b.op('MatMul', [heads(q!, [0, 2, 1, 3]), heads(k!, [0, 2, 3, 1])]), b.float([1 / Math.sqrt(dh)], [])]); // [batch, H, T, T]
    const probs = b.op('Softmax', [b.op('Add', [logits, mask])], { axis: { int: -1 } });
    const context = b.op('MatMul', [probs, heads(v!, [0, 2, 1, 3])]); // [batch, H, T, dh]
    const merged = b.op('Reshape', [b.op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), b.int64([0, 0, D])]); // [batch, T, D]
    const attended = b.op('Add', [b.op('MatMul', [merged, param(block.outWeight)]), param(block.outBias)]);
    const h1 = layerNorm(b, b.op('Add', [attended, h]), param(block.norm1.gamma), param(block.norm1.beta), eps);
    const inner = gelu(b, b.op('Add', [b.op('MatMul', [h1, param(block.ffnIn.weight)]), param(block.ffnIn.bias)]));
    const projected = b.op('Add', [b.op('MatMul', [inner, param(block.ffnOut.weight)]), param(block.ffnOut.bias)]);
    h = layerNorm(b, b.op('Add', [projected, h1]), param(block.norm2.gamma), param(block.norm2.beta), eps);
  }

  // The state at each history's last real position scores every item through the same (tied) item vectors.
  const lengths = b.op('ReduceSum', [b.op('Cast', [valid.bool], { to: { int: 7 } }), b.int64([1])], { keepdims: { int: 1 } }); // [batch, 1]
  const last = b.op('Sub', [lengths, b.int64([1], [])]); // [batch, 1]
  const sequence = b.op('GatherND', [h, last], { batch_dims: { int: 1 } }); // [batch, D]
  const scores = b.op('Gemm', [sequence, itemVectors], { transB: { int: 1 } }); // [batch, items]
  const zeroedPadding = b.op('Mul', [h, b.op('Unsqueeze', [valid.float, b.int64([2])])]); // [batch, T, D]
  const hidden = b.op('Reshape', [zeroedPadding, b.int64([0, T * D])]); // [batch, T·D]
  return { scores, hidden };
}

/** LayerNorm over the last axis (population variance, eps inside the root), as the engine's layerNorm. */
export function layerNorm(b: GraphBuilder, x: string, gamma: string, beta: string, eps: number): string {
  return b.op('LayerNormalization', [x, gamma, beta], { axis: { int: -1 }, epsilon: { float: eps } });
}

/** Exact GELU, x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), as the engine's (opset 17 has no Gelu op). */
function gelu(b: GraphBuilder, x: string): string {
  const erf = b.op('Erf', [b.op('Mul', [x, b.float([Math.SQRT1_2], [])])]);
  return b.op('Mul', [b.op('Mul', [x, b.float([0.5], [])]), b.op('Add', [erf, b.float([1], [])])]);
}
