import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareImage } from '../image/prepare-image.ts';
import { mulberry32 } from '../testing/tiny-text-model.ts';
import { posterPath } from '../testing/posters.ts';
import { createMobileNetV2Backbone, MOBILENET_FEATURE_LAYER, MOBILENET_IMAGE_SIZE, useWasmBackend } from './mobilenet-v2.ts';
import { readNsfwjsMobileNetV2 } from './nsfwjs-model-files.ts';

/**
 * The fused graph (BN folded, ReLU6 fused) must compute what the Keras layers model computes, on the real nsfwjs
 * weights. This test loads @tensorflow/tfjs in the test's own thread (no other tfjs copy is loaded here).
 */
describe('fused Keras graph (MobileNetV2 from nsfwjs)', () => {
  let reference: tf.LayersModel;
  let fused: ReturnType<typeof createMobileNetV2Backbone>;
  beforeAll(async () => {
    await useWasmBackend();
    const files = readNsfwjsMobileNetV2();
    const full = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: files.modelTopology,
      weightSpecs: files.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: files.weightData,
    }));
    reference = tf.model({ inputs: full.inputs, outputs: full.getLayer(MOBILENET_FEATURE_LAYER).output as tf.SymbolicTensor });
    fused = createMobileNetV2Backbone(files);
  });
  afterAll(() => {
    fused?.dispose();
    reference?.dispose();
  });

  it('matches the layers model at flatten_1 to float32 rounding', async () => {
    const S = MOBILENET_IMAGE_SIZE;
    const images: Float32Array[] = [];
    for (const movieId of [1, 527]) {
      const file = posterPath(movieId);
      const prepared = file ? await prepareImage({ uri: file }, S) : undefined;
      if (prepared?.ok) images.push(prepared.pixels);
    }
    const random = mulberry32(5);
    while (images.length < 3) images.push(new Float32Array(S * S * 3).map(() => random()));
    const input = tf.tensor4d(Float32Array.from(images.flatMap((image) => [...image])), [images.length, S, S, 3]);
    const expected = tf.tidy(() => reference.predict(input) as tf.Tensor);
    const actual = tf.tidy(() => fused.predict(input));
    expect(actual.shape).toEqual([images.length, 1280]);
    const [a, b] = [await expected.data(), await actual.data()];
    let maxDifference = 0;
    let maxValue = 0;
    for (let i = 0; i < a.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs((a[i] as number) - (b[i] as number)));
      maxValue = Math.max(maxValue, Math.abs(a[i] as number));
    }
    expect(maxValue).toBeGreaterThan(0.5);
    expect(maxDifference).toBeLessThan(1e-3);
    tf.dispose([input, expected, actual]);
  });
});
