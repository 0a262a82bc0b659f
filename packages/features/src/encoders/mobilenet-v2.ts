import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Encoder, ImageInput } from '../encoder.ts';
import { prepareImageBatch } from '../image/prepare-image.ts';
import { buildFusedKerasGraph, type FusedKerasGraph, type KerasLayerConfig } from './fused-keras-graph.ts';
import { readNsfwjsMobileNetV2, type NsfwjsModelFiles } from './nsfwjs-model-files.ts';

export const MOBILENET_IMAGE_SIZE = 224;
export const MOBILENET_FEATURE_LAYER = 'flatten_1';

/**
 * MobileNetV2 backbone from nsfwjs, cut at `flatten_1` (1280-d: the pooled features before nsfwjs' classifier
 * head), on tfjs 4.22 + the wasm backend. Input: RGB squashed to 224×224, divided by 255 (as nsfwjs feeds it).
 * tfjs' wasm backend is single-threaded in Node: parallelism comes from running several of these workers.
 */
export async function loadMobileNetV2(): Promise<Encoder<'IMAGE'>> {
  await useWasmBackend();
  const files = readNsfwjsMobileNetV2();
  const backbone = createMobileNetV2Backbone(files);
  const S = MOBILENET_IMAGE_SIZE;
  const run = async (pixels: Float32Array, count: number): Promise<Float32Array> => {
    const output = tf.tidy(() => backbone.predict(tf.tensor4d(pixels, [count, S, S, 3])));
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  };
  const dimension = (await run(new Float32Array(S * S * 3), 1)).length;
  if (dimension !== 1280) throw new Error(`nsfwjs MobileNetV2 layer ${MOBILENET_FEATURE_LAYER} gives ${dimension} features, expected 1280`);

  return {
    name: 'mobilenet-v2',
    version: `nsfwjs-${files.version}+${MOBILENET_FEATURE_LAYER}+${S}`,
    modality: 'IMAGE',
    dimension,
    async encode(batch: readonly ImageInput[]) {
      const { outcomes, ready } = await prepareImageBatch(batch, S);
      if (ready.length === 0) return outcomes;
      const pixels = new Float32Array(ready.length * S * S * 3);
      ready.forEach((image, row) => pixels.set(image.pixels, row * image.pixels.length));
      const values = await run(pixels, ready.length);
      ready.forEach((image, row) => {
        outcomes[image.index] = { ok: true, vector: values.slice(row * dimension, (row + 1) * dimension) };
      });
      return outcomes;
    },
    async close() {
      backbone.dispose();
    },
  };
}

export async function useWasmBackend(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend failed to initialise');
  await tf.ready();
}

/** The backbone with BN folded and ReLU6 fused into each convolution (see fused-keras-graph.ts). */
export function createMobileNetV2Backbone(files: NsfwjsModelFiles): FusedKerasGraph {
  const weights = tf.io.decodeWeights(files.weightData, files.weightSpecs as tf.io.WeightsManifestEntry[]);
  const topology = files.modelTopology as { model_config: { config: { layers: KerasLayerConfig[] } } };
  const graph = buildFusedKerasGraph(topology.model_config.config.layers, weights, MOBILENET_FEATURE_LAYER);
  // The graph keeps the folded kernels and the few unfolded weights it refers to; drop the rest (the classifier head).
  return {
    predict: graph.predict,
    dispose() {
      graph.dispose();
      tf.dispose(Object.values(weights));
    },
  };
}
