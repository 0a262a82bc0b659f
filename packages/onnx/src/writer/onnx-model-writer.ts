import { ProtobufWriter } from './protobuf-writer.ts';

/**
 * Writes an ONNX model (ModelProto bytes) from a plain description: the blocked top-K graph of item neighbours,
 * the tiny models tests build for the ONNX encoder paths, and the exported MML serving graph.
 * Field numbers follow onnx/onnx.proto (IR version 8).
 */
export type OnnxElemType = 'float' | 'int64' | 'bool';

export interface OnnxValueInfo {
  name: string;
  elemType: OnnxElemType;
  /** A number is a fixed size, a string a symbolic (dynamic) dimension. */
  shape: Array<number | string>;
}

export type OnnxAttribute = { int: number } | { ints: number[] } | { float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface OnnxGraph {
  name: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodes: OnnxNode[];
  initializers?: OnnxInitializer[];
  /** Default opset 17. */
  opset?: number;
  /** Key-value strings stored in the model (metadata_props), readable from the session. */
  metadata?: Record<string, string>;
}

const ELEM_TYPE: Record<OnnxElemType, number> = { float: 1, int64: 7, bool: 9 };
const ATTRIBUTE_TYPE = { float: 1, int: 2, ints: 7 } as const;

export function writeOnnxModel(graph: OnnxGraph): Uint8Array {
  const model = new ProtobufWriter();
  model.int(1, 8); // ir_version
  model.string(2, 'fewshot');
  model.message(7, (g) => writeGraph(g, graph));
  model.message(8, (opset) => opset.string(1, '').int(2, graph.opset ?? 17));
  for (const [key, value] of Object.entries(graph.metadata ?? {})) model.message(14, (entry) => entry.string(1, key).string(2, value));
  return model.finish();
}

function writeGraph(g: ProtobufWriter, graph: OnnxGraph): void {
  graph.nodes.forEach((node, index) => g.message(1, (n) => writeNode(n, node, index)));
  g.string(2, graph.name);
  for (const tensor of graph.initializers ?? []) g.message(5, (t) => writeTensor(t, tensor));
  for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
}

function writeNode(n: ProtobufWriter, node: OnnxNode, index: number): void {
  for (const input of node.inputs) n.string(1, input);
  for (const output of node.outputs) n.string(2, output);
  n.string(3, `${node.op}_${index}`);
  n.string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    n.message(5, (a) => {
      a.string(1, name);
      if ('int' in value) a.int(3, value.int).int(20, ATTRIBUTE_TYPE.int);
      else if ('float' in value) a.float(2, value.float).int(20, ATTRIBUTE_TYPE.float);
      else {
        for (const v of value.ints) a.int(8, v);
        a.int(20, ATTRIBUTE_TYPE.ints);
      }
    });
  }
}

function writeTensor(t: ProtobufWriter, tensor: OnnxInitializer): void {
  for (const dim of tensor.dims) t.int(1, dim);
  t.int(2, tensor.data instanceof Float32Array ? ELEM_TYPE.float : ELEM_TYPE.int64);
  t.string(8, tensor.name);
  // raw_data is little-endian; typed arrays are native-endian, which is little-endian on every platform Node runs on.
  t.bytes(9, new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
}

function writeValueInfo(v: ProtobufWriter, info: OnnxValueInfo): void {
  v.string(1, info.name);
  v.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, ELEM_TYPE[info.elemType]);
      tensorType.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}
