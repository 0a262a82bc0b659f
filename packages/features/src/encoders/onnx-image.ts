import { OnnxSession, ort } from '@fewshot/onnx/session';
import type { Encoder, ImageInput } from '../encoder.ts';
import type { OnnxImageSpec } from '../encoder-spec.ts';
import { prepareImageBatch } from '../image/prepare-image.ts';
import { modelFileDigest } from './model-file-digest.ts';

/**
 * An image model the user brings as an .onnx file (a CLIP image tower, a ResNet without its head, …), run by
 * onnxruntime-node on the CPU provider. Each image becomes float32 [3, S, S] (or [S, S, 3]) normalised with the
 * spec's mean/std; the chosen output, flattened per image, is the vector.
 */
export async function loadOnnxImage(spec: OnnxImageSpec): Promise<Encoder<'IMAGE'>> {
  const session = await OnnxSession.open(spec.modelPath).catch((error: Error) => {
    throw new Error(`cannot load ONNX image model ${spec.modelPath}: ${error.message}`);
  });
  const inputName = spec.inputName ?? session.inputNames[0];
  const outputName = spec.outputName ?? session.outputNames[0];
  if (!inputName || !session.inputNames.includes(inputName)) {
    throw new Error(`ONNX image model has no input "${inputName}"; its inputs are ${session.inputNames.join(', ')}`);
  }
  if (!outputName || !session.outputNames.includes(outputName)) {
    throw new Error(`ONNX image model has no output "${outputName}"; its outputs are ${session.outputNames.join(', ')}`);
  }
  const S = spec.size;
  const run = async (images: Float32Array[]): Promise<Float32Array[]> => {
    const B = images.length;
    const data = new Float32Array(B * 3 * S * S);
    images.forEach((hwc, b) => toModelLayout(hwc, data, b, spec));
    const dims = spec.layout === 'nchw' ? [B, 3, S, S] : [B, S, S, 3];
    const result = await session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
    const output = result[outputName] as ort.Tensor;
    const values = output.data as Float32Array;
    const per = values.length / B;
    return images.map((_, b) => values.slice(b * per, (b + 1) * per));
  };
  // Learn the dimension, and whether the graph accepts a batch (some exports fix the batch size to 1).
  const blank = new Float32Array(S * S * 3);
  const batchable = await run([blank, blank]).then(() => true, () => false);
  const dimension = (await run([blank]))[0]?.length ?? 0;
  const settings = JSON.stringify([S, spec.layout, spec.mean, spec.std, inputName, outputName]);

  return {
    name: spec.name ?? `onnx-image-${spec.modelPath.split('/').at(-1)?.replace(/\.onnx$/, '')}`,
    version: await modelFileDigest([spec.modelPath], settings),
    modality: 'IMAGE',
    dimension,
    async encode(batch: readonly ImageInput[]) {
      const { outcomes, ready } = await prepareImageBatch(batch, S);
      const groups = batchable ? [ready] : ready.map((image) => [image]);
      for (const group of groups) {
        if (group.length === 0) continue;
        const vectors = await run(group.map((image) => image.pixels));
        group.forEach((image, row) => {
          outcomes[image.index] = { ok: true, vector: vectors[row] as Float32Array };
        });
      }
      return outcomes;
    },
    async close() {
      await session.release();
    },
  };
}

/** HWC pixels in [0, 1] → the model's layout, normalised per channel, written at batch row `b` of `out`. */
function toModelLayout(hwc: Float32Array, out: Float32Array, b: number, spec: OnnxImageSpec): void {
  const plane = spec.size * spec.size;
  const base = b * plane * 3;
  const nchw = spec.layout === 'nchw';
  spec.mean.forEach((mean, c) => {
    const std = spec.std[c] as number;
    for (let p = 0; p < plane; p++) {
      out[nchw ? base + c * plane + p : base + p * 3 + c] = ((hwc[p * 3 + c] as number) - mean) / std;
    }
  });
}
