import type { OnnxAttribute, OnnxGraph, OnnxInitializer, OnnxNode, OnnxValueInfo } from './onnx-model-writer.ts';

/**
 * Builds an ONNX graph node by node with generated, unique value names, so an exporter reads like the forward pass
 * it mirrors: `const h = b.op('Add', [x, y])`. Names carry a scope prefix (`id/blocks.0/…`) so a combined graph of
 * several learners stays readable in Netron.
 */
export class GraphBuilder {
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  /** Weights declared as inputs (see `weight`), with the values to feed when the caller has no others. */
  readonly parameterInputs = new Map<string, Float32Array>();
  private readonly used = new Set<string>();
  private counter = 0;

  /** A graph input; returns its name. */
  input(info: OnnxValueInfo): string {
    this.claim(info.name);
    this.inputs.push(info);
    return info.name;
  }

  /**
   * A weight. Stored in the graph as an initializer, or with `asInput` declared as a graph input that every run
   * feeds (its value is kept in `parameterInputs`): how a user's adapted local modules reach the same graph.
   * onnxruntime-node feeds only declared inputs, so an initializer cannot be overridden per run.
   */
  weight(name: string, dims: number[], data: Float32Array, { asInput = false }: { asInput?: boolean } = {}): string {
    if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`weight ${name}: ${data.length} values do not fill [${dims}]`);
    this.claim(name);
    if (asInput) {
      this.inputs.push({ name, elemType: 'float', shape: dims });
      this.parameterInputs.set(name, Float32Array.from(data));
    } else {
      this.initializers.push({ name, dims, data: Float32Array.from(data) });
    }
    return name;
  }

  /** A constant int64 tensor (shapes, axes, indices). */
  int64(values: number[], dims: number[] = [values.length], hint = 'const'): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) });
    return name;
  }

  /** A constant float tensor. */
  float(values: ArrayLike<number>, dims: number[], hint = 'const'): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, data: Float32Array.from(values) });
    return name;
  }

  /** One node with one output; returns the output's name. */
  op(op: string, inputs: string[], attributes?: Record<string, OnnxAttribute>, hint?: string): string {
    return this.opN(op, inputs, 1, attributes, hint)[0]!;
  }

  /** One node with `count` outputs. */
  opN(op: string, inputs: string[], count: number, attributes?: Record<string, OnnxAttribute>, hint?: string): string[] {
    const outputs = Array.from({ length: count }, () => this.fresh(hint ?? op));
    this.nodes.push({ op, inputs, outputs, attributes });
    return outputs;
  }

  /** Declares `value` a graph output under `info.name` (an Identity node renames it). */
  output(value: string, info: OnnxValueInfo): void {
    this.claim(info.name);
    this.nodes.push({ op: 'Identity', inputs: [value], outputs: [info.name] });
    this.outputs.push(info);
  }

  build(name: string, { opset = 17, metadata }: { opset?: number; metadata?: Record<string, string> } = {}): OnnxGraph {
    return { name, inputs: this.inputs, outputs: this.outputs, nodes: this.nodes, initializers: this.initializers, opset, metadata };
  }

  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}:${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new Error(`the graph already has a value named ${name}`);
    this.used.add(name);
  }
}
