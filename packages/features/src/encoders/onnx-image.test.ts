import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../encoder.ts';
import { parseEncoderSpec } from '../encoder-spec.ts';
import { prepareImage } from '../image/prepare-image.ts';
import { openEncoder } from '../open-encoder.ts';
import { writeTinyImageModel } from '../testing/tiny-image-model.ts';
import { posterPath } from '../testing/posters.ts';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/** The ONNX image path (onnxruntime-node) on a tiny model: per-channel mean × a fixed matrix. */
describe('onnx-image (onnxruntime-node, configurable preprocessing)', () => {
  let dir: string;
  let weights: Float32Array;
  let encoder: Encoder;
  let imageFile: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-onnx-image-'));
    weights = await writeTinyImageModel(path.join(dir, 'tiny.onnx'), { dimension: 8 });
    encoder = await openEncoder(parseEncoderSpec(`onnx-image:${path.join(dir, 'tiny.onnx')}?size=64&mean=${MEAN}&std=${STD}`));
    // A real poster when the shared data is here, else a PNG written now: the path under test is the same.
    imageFile = posterPath(1) ?? path.join(dir, 'gradient.png');
    if (!posterPath(1)) {
      const { PNG } = await import('pngjs');
      const png = new PNG({ width: 30, height: 20 });
      for (let i = 0; i < 600; i++) png.data.set([i % 256, (i * 7) % 256, 90, 255], i * 4);
      await writeFile(imageFile, PNG.sync.write(png));
    }
  });
  afterAll(async () => {
    await encoder?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('learns its dimension and names itself after the file', () => {
    expect(encoder).toMatchObject({ name: 'onnx-image-tiny', modality: 'IMAGE', dimension: 8 });
  });

  it('feeds NCHW pixels normalised with the configured mean and std', async () => {
    const [outcome] = await encoder.encode([{ uri: imageFile }]);
    if (!outcome?.ok) throw new Error('image failed to encode');
    const prepared = await prepareImage({ uri: imageFile }, 64);
    if (!prepared.ok) throw new Error(prepared.error);
    const channelMeans = [0, 1, 2].map((c) => {
      let sum = 0;
      for (let p = 0; p < 64 * 64; p++) sum += ((prepared.pixels[p * 3 + c] as number) - (MEAN[c] as number)) / (STD[c] as number);
      return sum / (64 * 64);
    });
    const expected = Array.from({ length: 8 }, (_, j) => channelMeans.reduce((sum, mean, c) => sum + mean * (weights[c * 8 + j] as number), 0));
    expected.forEach((value, j) => expect(outcome.vector[j]).toBeCloseTo(value, 4));
  });

  describe('bad input', () => {
    it('fails a non-image alone and encodes the rest', async () => {
      const outcomes = await encoder.encode([{ bytes: new TextEncoder().encode('GIF89a....') }, { uri: imageFile }]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, true]);
      expect(outcomes[0]).toMatchObject({ error: expect.stringMatching(/GIF, which is not supported/) });
    });

    it('names the inputs a model has when the configured one is absent', async () => {
      const spec = parseEncoderSpec(`onnx-image:${path.join(dir, 'tiny.onnx')}?input=image`);
      await expect(openEncoder(spec)).rejects.toThrow(/has no input "image"; its inputs are pixel_values/);
    });
  });
});
