// Runs one op (or a small graph) on any engine from plain number arrays, for gradient checks and for comparing
// the TypeScript and WebAssembly paths. Not part of the public API.
import { createEngine, type Engine, type EngineOptions } from '../engine.ts';
import { Graph } from '../graph.ts';
import { Rng } from '../rng.ts';
import type { IntTensor, Tensor } from '../tensor.ts';
import { Workspace } from '../workspace.ts';

export interface FloatInput {
  kind: 'float';
  shape: number[];
  /** Defaults to true: the check covers this input's gradient. */
  requiresGrad?: boolean;
  /** Value scale of the random fill (default 1). */
  scale?: number;
}

export interface IntInput {
  kind: 'ints';
  shape: number[];
  values: number[];
}

export type OpInput = FloatInput | IntInput;

export interface OpCase {
  name: string;
  inputs: OpInput[];
  run: (g: Graph, floats: Tensor[], ints: IntTensor[]) => Tensor;
  training?: boolean;
}

export interface OpResult {
  output: Float64Array;
  /** Gradient of Σ output ⊙ outputGrad for each float input that requires one (empty array otherwise). */
  grads: Float64Array[];
}

export function randomValues(case_: OpCase, seed: number): number[][] {
  const rng = new Rng(seed);
  return case_.inputs.map((input) => {
    if (input.kind === 'ints') return input.values;
    const n = input.shape.reduce((a, b) => a * b, 1);
    return Array.from({ length: n }, () => (rng.next() * 2 - 1) * (input.scale ?? 1));
  });
}

export function engineFor(options: EngineOptions): { engine: Engine; workspace: Workspace } {
  const engine = createEngine(options);
  return { engine, workspace: new Workspace(engine) };
}

function build(workspace: Workspace, case_: OpCase, values: number[][], noGrad: boolean) {
  const g = new Graph(workspace, { training: case_.training ?? false, noGrad, seed: 7, step: 3 });
  const floats: Tensor[] = [];
  const ints: IntTensor[] = [];
  case_.inputs.forEach((input, i) => {
    if (input.kind === 'ints') {
      ints.push(g.ints(values[i]!, input.shape));
    } else {
      const t = g.constant(values[i]!, input.shape);
      t.requiresGrad = input.requiresGrad ?? true;
      floats.push(t);
    }
  });
  return { g, floats, ints, output: case_.run(g, floats, ints) };
}

/** Forward and backward with the given values; outputGrad weights the output (default: all ones). */
export function runOp(workspace: Workspace, case_: OpCase, values: number[][], outputGrad?: number[]): OpResult {
  const { g, floats, output } = build(workspace, case_, values, false);
  const out = Float64Array.from(output.data);
  g.backwardFrom(output, outputGrad ?? new Array(output.size).fill(1));
  const grads = floats.map((t) => (t.grad ? Float64Array.from(t.grad.data) : new Float64Array(0)));
  g.dispose();
  return { output: out, grads };
}

/** Σ output ⊙ outputGrad without recording a tape (finite differences). */
export function lossOf(workspace: Workspace, case_: OpCase, values: number[][], outputGrad: number[]): number {
  const { g, output } = build(workspace, case_, values, true);
  const data = output.data;
  let loss = 0;
  for (let i = 0; i < data.length; i++) loss += data[i]! * outputGrad[i]!;
  g.dispose();
  return loss;
}
