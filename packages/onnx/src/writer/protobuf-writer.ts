/**
 * The few protobuf wire-format primitives needed to write an ONNX ModelProto (varints, length-delimited fields,
 * fixed32 floats). Enough for the small graphs this package builds; not a general protobuf library.
 */
export class ProtobufWriter {
  private chunks: Uint8Array[] = [];
  private pending: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.pending.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.pending.push(Number(v));
    return this;
  }

  private key(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType);
  }

  int(field: number, value: number | bigint): this {
    return this.key(field, 0).varint(value);
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.key(field, 5).raw(bytes);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.key(field, 2).varint(value.byteLength).raw(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  private raw(bytes: Uint8Array): this {
    this.flushPending();
    this.chunks.push(bytes);
    return this;
  }

  private flushPending(): void {
    if (this.pending.length > 0) {
      this.chunks.push(Uint8Array.from(this.pending));
      this.pending = [];
    }
  }

  finish(): Uint8Array {
    this.flushPending();
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out;
  }
}
