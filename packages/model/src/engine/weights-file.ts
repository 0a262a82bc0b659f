// The weight file format (documented in packages/model/README.md):
//   bytes 0..7    magic "FSWEIGHT"
//   bytes 8..11   uint32 LE format version (1)
//   bytes 12..15  uint32 LE byte length H of the JSON header
//   bytes 16..    UTF-8 JSON header, space-padded so the data section starts on a 64-byte boundary
//   data section  each tensor's float32 values, little-endian, row-major, at header offset (64-byte aligned)

const MAGIC = 'FSWEIGHT';
const VERSION = 1;
const ALIGN = 64;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface WeightTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface WeightHeaderEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Byte offset from the start of the data section. */
  offset: number;
  byteLength: number;
}

export interface WeightHeader {
  format: 'fewshot-weights';
  version: number;
  dtype: 'float32';
  /** Absolute byte offset of the data section. */
  dataOffset: number;
  tensors: WeightHeaderEntry[];
  metadata: Record<string, unknown>;
}

const alignUp = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export function encodeWeights(tensors: readonly WeightTensor[], metadata: Record<string, unknown> = {}): Uint8Array {
  const entries: WeightHeaderEntry[] = [];
  let cursor = 0;
  for (const t of tensors) {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (elements !== t.data.length) throw new Error(`${t.name}: ${t.data.length} values for shape [${t.shape}]`);
    entries.push({ name: t.name, shape: [...t.shape], dtype: 'float32', offset: cursor, byteLength: elements * 4 });
    cursor = alignUp(cursor + elements * 4);
  }
  const headerFor = (dataOffset: number): WeightHeader => ({ format: 'fewshot-weights', version: VERSION, dtype: 'float32', dataOffset, tensors: entries, metadata });
  // The header states where data starts, which depends on the header's own length: settle it in two passes.
  let dataOffset = alignUp(16 + new TextEncoder().encode(JSON.stringify(headerFor(0))).length + 16);
  let json = new TextEncoder().encode(JSON.stringify(headerFor(dataOffset)));
  if (16 + json.length > dataOffset) {
    dataOffset = alignUp(16 + json.length);
    json = new TextEncoder().encode(JSON.stringify(headerFor(dataOffset)));
  }
  const bytes = new Uint8Array(dataOffset + cursor);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, dataOffset - 16, true);
  bytes.fill(0x20, 16, dataOffset);
  bytes.set(json, 16);
  tensors.forEach((t, i) => writeFloats(view, dataOffset + entries[i]!.offset, t.data));
  return bytes;
}

export function decodeWeights(bytes: Uint8Array): { header: WeightHeader; tensors: WeightTensor[] } {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error('not a fewshot weight file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw new Error(`unsupported weight file version ${version}`);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as WeightHeader;
  const tensors = header.tensors.map((entry) => {
    if (entry.dtype !== 'float32') throw new Error(`${entry.name}: unsupported dtype ${entry.dtype}`);
    const start = header.dataOffset + entry.offset;
    if (start + entry.byteLength > bytes.length) throw new Error(`${entry.name}: data runs past the end of the file`);
    return { name: entry.name, shape: entry.shape, data: readFloats(view, start, entry.byteLength / 4) };
  });
  return { header, tensors };
}

function writeFloats(view: DataView, at: number, data: Float32Array): void {
  if (LITTLE_ENDIAN) {
    new Uint8Array(view.buffer, at, data.length * 4).set(new Uint8Array(data.buffer, data.byteOffset, data.length * 4));
    return;
  }
  for (let i = 0; i < data.length; i++) view.setFloat32(at + i * 4, data[i]!, true);
}

function readFloats(view: DataView, at: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset + at, count * 4));
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + i * 4, true);
  return out;
}
