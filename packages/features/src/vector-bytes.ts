/**
 * Feature vectors are stored as little-endian float32 bytes (item_features.vector). These two functions are the
 * only place that layout is written down.
 */
export function vectorToBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i] as number, i * 4);
  return bytes;
}

export function bytesToVector(bytes: Uint8Array, dimension?: number): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`feature vector has ${bytes.byteLength} bytes, not a multiple of 4`);
  const length = bytes.byteLength / 4;
  if (dimension !== undefined && length !== dimension) {
    throw new Error(`feature vector has ${length} values but its row says dimension ${dimension}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(length);
  for (let i = 0; i < length; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}
