import type { ImageInput } from '../encoder.ts';
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
