/**
 * The encoder contract every feature extractor implements, whatever runs it (tfjs in a worker, onnxruntime,
 * transformers.js). Vectors are stored per item × modality × (name, version), so a trained model can record the
 * exact encoders it saw and serving never mixes vectors from two versions.
 */
export type Modality = 'TEXT' | 'IMAGE';

/** Identifies an encoder's output space: same name + version ⇒ comparable vectors. */
export interface EncoderInfo {
  /** Stable, short, lower-case, e.g. `use-lite`, `mobilenet-v2`, `onnx-text-minilm`. */
  name: string;
  /** Changes whenever the vectors would change: weights, preprocessing, output layer. */
  version: string;
  modality: Modality;
  /** Length of every vector this encoder returns. */
  dimension: number;
}

/** Where an image comes from: a reference (`file:///…`, an absolute path, `https://…`) or bytes already in hand. */
export type ImageInput = { uri: string } | { bytes: Uint8Array };

/** What an encoder takes per modality: text as a string, an image as a reference or bytes. */
export interface ModalityInput {
  TEXT: string;
  IMAGE: ImageInput;
}

/**
 * One input's result. A bad input (corrupt image, empty text) fails on its own with a reason a person can act
 * on; the rest of the batch still gets vectors.
 */
export type EncodeOutcome = { ok: true; vector: Float32Array } | { ok: false; error: string };

export interface Encoder<M extends Modality = Modality> extends EncoderInfo {
  modality: M;
  /** Encodes a batch; the outcomes are in input order, one per input. Rejects only when the encoder itself broke. */
  encode(batch: readonly ModalityInput[M][]): Promise<EncodeOutcome[]>;
  /** Releases the model (and its worker threads). */
  close(): Promise<void>;
}

/** `name@version`: how an encoder is named in logs, model versions and cache keys. */
export function encoderKey(info: Pick<EncoderInfo, 'name' | 'version'>): string {
  return `${info.name}@${info.version}`;
}
