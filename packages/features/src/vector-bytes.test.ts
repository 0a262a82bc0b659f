import { describe, expect, it } from 'vitest';
import { bytesToVector, vectorToBytes } from './vector-bytes.ts';

describe('vector bytes', () => {
  it('round-trips little-endian float32', () => {
    const vector = new Float32Array([0.5, -1.25, 3e-8]);
    const bytes = vectorToBytes(vector);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 0, 0x3f]);
    expect(bytesToVector(bytes, 3)).toEqual(vector);
  });

  it('rejects a length that does not match the stored dimension', () => {
    expect(() => bytesToVector(new Uint8Array(8), 3)).toThrow(/2 values but its row says dimension 3/);
  });
});
