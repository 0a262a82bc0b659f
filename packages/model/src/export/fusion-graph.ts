import type { GraphBuilder } from '@fewshot/onnx/writer';
import type { FusionLayer } from '../fusion/fusion-layer.ts';
import { layerNorm } from './sasrec-graph.ts';
import type { LearnerOutputs } from './sasrec-graph.ts';

/** The fusion's outputs inside the serving graph. */
export interface FusionOutputs {
  /** [batch, catalog]: fused scores of items 1..catalog (no padding column). */
  scores: string;
  /** [batch, M]: each learner's weight for this user (rows sum to 1). */
  weights: string;
}

/**
 * Appends FusionLayer.forward: per learner a gate MLP on its LayerNormed hidden states, softmax over learners,
 * and Σ_m w_m · LayerNorm_items(s_m). The per-item gain and bias of the item-axis LayerNorm are inputs
 * (`score_gain.<name>`, `score_bias.<name>`, [catalog]), like the item vectors: items added after training get
 * 1 and 0 from the server, so the graph never changes when the catalog grows.
 */
export function appendFusion(b: GraphBuilder, fusion: FusionLayer, learners: ReadonlyArray<{ name: string; outputs: LearnerOutputs }>): FusionOutputs {
  const { layerNormEps: eps, modalities } = fusion.config;
  if (learners.map((l) => l.name).join() !== modalities.join()) throw new Error(`the fusion layer fuses ${modalities.join(', ')}, not ${learners.map((l) => l.name).join(', ')}`);
  const weight = (name: string, data: Float32Array, dims: number[]) => b.weight(name, dims, data);
  const gates: string[] = [];
  const normalized: string[] = [];
  fusion.modalities.forEach((p, m) => {
    const name = modalities[m]!;
    const { hidden, scores } = learners[m]!.outputs;
    const value = (param: typeof p.hiddenNorm.gamma) => weight(param.name, Float32Array.from(param.value.data), param.spec.shape);
    const normed = layerNorm(b, hidden, value(p.hiddenNorm.gamma), value(p.hiddenNorm.beta), eps); // [batch, H]
    const inner = b.op('Relu', [b.op('Add', [b.op('MatMul', [normed, value(p.mlpIn.weight)]), value(p.mlpIn.bias)])]); // [batch, Z]
    gates.push(b.op('Add', [b.op('MatMul', [inner, value(p.mlpOut.weight)]), value(p.mlpOut.bias)])); // [batch, 1]
    const gain = b.input({ name: `score_gain.${name}`, elemType: 'float', shape: ['catalog'] });
    const bias = b.input({ name: `score_bias.${name}`, elemType: 'float', shape: ['catalog'] });
    const items = b.op('Slice', [scores, b.int64([1]), b.int64([Number.MAX_SAFE_INTEGER]), b.int64([1])]); // [batch, catalog]
    normalized.push(layerNorm(b, items, gain, bias, eps));
  });
  const weights = b.op('Softmax', [b.op('Concat', gates, { axis: { int: 1 } })], { axis: { int: 1 } }); // [batch, M]
  const columns = modalities.length === 1 ? [weights] : b.opN('Split', [weights, b.int64(modalities.map(() => 1))], modalities.length, { axis: { int: 1 } });
  let fused = '';
  columns.forEach((w, m) => {
    const term = b.op('Mul', [w, normalized[m]!]); // [batch, catalog]
    fused = m === 0 ? term : b.op('Add', [fused, term]);
  });
  return { scores: fused, weights };
}
