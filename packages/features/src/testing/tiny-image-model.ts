import { writeFile } from 'node:fs/promises';
import { writeOnnxModel } from '@fewshot/onnx/writer';
import { mulberry32 } from './tiny-text-model.ts';

/**
 * Writes a tiny ONNX image model for testing the ONNX image path offline: per-channel mean of an NCHW image,
 * times a fixed [3, dimension] matrix. Returns that matrix so a test can compute the expected vector itself.
 */
export async function writeTinyImageModel(file: string, { dimension = 8, seed = 3 } = {}): Promise<Float32Array> {
  const random = mulberry32(seed);
  const weights = new Float32Array(3 * dimension).map(() => random() * 2 - 1);
  await writeFile(file, writeOnnxModel({
    name: 'tiny-image',
    inputs: [{ name: 'pixel_values', elemType: 'float', shape: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'embedding', elemType: 'float', shape: ['batch', dimension] }],
    initializers: [{ name: 'projection', dims: [3, dimension], data: weights }],
    nodes: [
      { op: 'ReduceMean', inputs: ['pixel_values'], outputs: ['channel_means'], attributes: { axes: { ints: [2, 3] }, keepdims: { int: 0 } } },
      { op: 'MatMul', inputs: ['channel_means', 'projection'], outputs: ['embedding'] },
    ],
  }));
  return weights;
}
