import type { EncodeOutcome, ImageInput } from '../encoder.ts';
import { decodeImage } from './decode-image.ts';
import { readImageSource } from './read-image-source.ts';
import { resizeToSquare } from './resize-image.ts';

export type PreparedImage = { ok: true; pixels: Float32Array } | { ok: false; error: string };

/** Reads, decodes and resizes one image to float32 HWC [size, size, 3] in [0, 1]; failures become reasons. */
export async function prepareImage(input: ImageInput, size: number): Promise<PreparedImage> {
  try {
    const bytes = await readImageSource(input);
    return { ok: true, pixels: resizeToSquare(decodeImage(bytes), size) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Prepares a batch: every input gets an outcome slot (failures keep their reason, the rest are filled in by the
 * encoder), and the images that decoded are returned with their position in the batch.
 */
export async function prepareImageBatch(batch: readonly ImageInput[], size: number): Promise<{ outcomes: EncodeOutcome[]; ready: Array<{ index: number; pixels: Float32Array }> }> {
  const outcomes: EncodeOutcome[] = [];
  const ready: Array<{ index: number; pixels: Float32Array }> = [];
  for (const [index, input] of batch.entries()) {
    const prepared = await prepareImage(input, size);
    outcomes.push(prepared.ok ? { ok: false, error: 'not encoded' } : prepared);
    if (prepared.ok) ready.push({ index, pixels: prepared.pixels });
  }
  return { outcomes, ready };
}
