import { GraphBuilder, writeOnnxModel } from '@fewshot/onnx/writer';
import type { MmlModel } from '../mml/mml-model.ts';
import { appendFusion } from './fusion-graph.ts';
import { appendSasRec } from './sasrec-graph.ts';

/** Version of the serving graph's contract (inputs, outputs, names); the server refuses one it does not know. */
export const SERVING_GRAPH_VERSION = 1;

/** What serving runs: one ONNX graph with every learner's sequence encoder and the fusion layer. */
export interface ServingGraph {
  /** ModelProto bytes. */
  model: Uint8Array;
  /** Learners in fusion order. */
  learners: string[];
  /** T: histories are cut to their last T items, left-aligned, padded with 0. */
  maxLength: number;
  /** D of every item vector. */
  hiddenSize: number;
  /**
   * Weights that are graph inputs (`<learner>.<param>`): each learner's local modules at θ. A cold user's adapted
   * copy (MmlModel.adaptedLocalModules) is fed under the same names.
   */
  parameters: Map<string, Float32Array>;
}

/**
 * Exports MML's serving path to ONNX. Inputs: `items` [batch, T] int64; per learner `item_vectors.<name>` [items, D]
 * (row 0 padding) and its local modules; per learner `score_gain.<name>` / `score_bias.<name>` [catalog] with
 * catalog = items − 1. Outputs: `scores` [batch, catalog] (item i at column i − 1) and `weights` [batch, M].
 * Agrees with MmlModel.recommend (tested within 1e-4).
 */
export function exportServingGraph(model: MmlModel): ServingGraph {
  const b = new GraphBuilder();
  const { maxLength: T, hiddenSize: D } = model.learner(model.modalities[0]!).config;
  const items = b.input({ name: 'items', elemType: 'int64', shape: ['batch', T] });
  const bool = b.op('Greater', [items, b.int64([0], [])], undefined, 'valid'); // [batch, T]
  const valid = { bool, float: b.op('Cast', [bool], { to: { int: 1 } }) };
  const learners = model.learners.map(({ name, model: sasrec }) => ({ name, outputs: appendSasRec(b, name, sasrec, items, valid) }));
  const fused = appendFusion(b, model.fusion, learners);
  b.output(fused.scores, { name: 'scores', elemType: 'float', shape: ['batch', 'catalog'] });
  b.output(fused.weights, { name: 'weights', elemType: 'float', shape: ['batch', learners.length] });
  const metadata = { 'fewshot.serving_graph_version': String(SERVING_GRAPH_VERSION), 'fewshot.learners': model.modalities.join(',') };
  return { model: writeOnnxModel(b.build('mml-serving', { metadata })), learners: model.modalities, maxLength: T, hiddenSize: D, parameters: b.parameterInputs };
}
