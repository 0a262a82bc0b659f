import type { Encoder } from '../encoder.ts';
import type { EncoderSpec } from '../encoder-spec.ts';

/**
 * Loads an encoder in the current thread. Called inside a worker (see worker/encoder-worker.ts); each encoder
 * module is imported lazily so a worker only ever loads one tfjs copy.
 */
export async function loadEncoderInProcess(spec: EncoderSpec): Promise<Encoder> {
  switch (spec.kind) {
    case 'use-lite':
      return (await import('./use-lite.ts')).loadUseLite();
    case 'mobilenet-v2':
      return (await import('./mobilenet-v2.ts')).loadMobileNetV2();
    case 'onnx-text':
      return (await import('./onnx-text.ts')).loadOnnxText(spec);
    case 'onnx-image':
      return (await import('./onnx-image.ts')).loadOnnxImage(spec);
  }
}
