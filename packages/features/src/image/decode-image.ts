import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { notSupported, sniffImageFormat } from './image-format.ts';
import { MAX_IMAGE_MEGAPIXELS } from './image-limits.ts';

/** A decoded image: `width × height` pixels, 3 bytes (R, G, B) each, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Decodes JPEG or PNG bytes; any other content, a corrupt or truncated file, or a huge one throws a readable reason. */
export function decodeImage(bytes: Uint8Array): RgbImage {
  const sniffed = sniffImageFormat(bytes);
  if (sniffed.format === 'other') throw new Error(notSupported(sniffed.description));
  return sniffed.format === 'jpeg' ? decodeJpeg(bytes) : decodePng(bytes);
}

function decodeJpeg(bytes: Uint8Array): RgbImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
  } catch (error) {
    throw new Error(describeDecodeError('JPEG', error));
  }
  if (decoded.width === 0 || decoded.height === 0) throw new Error('corrupt JPEG: it has no pixels');
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

function decodePng(bytes: Uint8Array): RgbImage {
  // Check the header's dimensions before inflating: a small file can declare a gigapixel image.
  const width = readUint32(bytes, 16);
  const height = readUint32(bytes, 20);
  if (width * height > MAX_IMAGE_MEGAPIXELS * 1e6) throw new Error(tooLarge(width, height));
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new Error(describeDecodeError('PNG', error));
  }
  // pngjs always yields RGBA (alpha composited on nothing): drop alpha, as posters and photos are opaque.
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let src = 0, dst = 0; dst < rgb.length; src += 4, dst += 3) {
    rgb[dst] = png.data[src] as number;
    rgb[dst + 1] = png.data[src + 1] as number;
    rgb[dst + 2] = png.data[src + 2] as number;
  }
  return { width: png.width, height: png.height, data: rgb };
}

function describeDecodeError(format: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message)) return `image too large to decode: ${message}`;
  return `corrupt or truncated ${format} (decoder said: ${message})`;
}

function tooLarge(width: number, height: number): string {
  return `image too large: ${width}×${height} is over the ${MAX_IMAGE_MEGAPIXELS} megapixel limit`;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  if (bytes.byteLength < offset + 4) return 0;
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, false);
}
