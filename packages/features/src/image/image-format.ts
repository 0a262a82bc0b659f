import { MAX_IMAGE_MEGAPIXELS } from './image-limits.ts';

/** What the first bytes of a file say it is: JPEG and PNG are supported, anything else is described in words. */
export type SniffedFormat = { format: 'jpeg' | 'png' } | { format: 'other'; description: string };

/** A supported image's format, media type and dimensions, read from its header without decoding pixels. */
export interface ImageHeader {
  format: 'jpeg' | 'png';
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

/** Identifies an image by its content (magic bytes), never by a file name or a declared type. */
export function sniffImageFormat(bytes: Uint8Array): SniffedFormat {
  const b = (i: number) => bytes[i] ?? -1;
  // The start-of-image marker alone: a file cut after it is a truncated JPEG (refused as one), not an unknown type.
  if (b(0) === 0xff && b(1) === 0xd8) return { format: 'jpeg' };
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return { format: 'png' };
  return { format: 'other', description: describeOther(bytes) };
}

function describeOther(bytes: Uint8Array): string {
  const b = (i: number) => bytes[i] ?? -1;
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes.byteLength === 0) return 'an empty file';
  if (ascii(0, 3) === 'GIF') return 'GIF, which is not supported';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'WebP, which is not supported';
  if (ascii(0, 2) === 'BM') return 'BMP, which is not supported';
  if (ascii(0, 4) === '%PDF') return 'a PDF document';
  if (ascii(4, 8) === 'ftyp') return `an ISO media file (${ascii(8, 12).trim() || 'unknown brand'}: HEIC, AVIF or video), which is not supported`;
  if ((b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a) || (b(0) === 0x4d && b(1) === 0x4d && b(3) === 0x2a)) return 'TIFF, which is not supported';
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'a ZIP archive';
  const head = ascii(0, 16);
  if (/^[\x09\x0a\x0d\x20-\x7e]+$/.test(head)) return `it starts with the text "${head.trim().slice(0, 16)}"`;
  return `unrecognised leading bytes ${Buffer.from(bytes.subarray(0, 4)).toString('hex')}`;
}

/**
 * The header of a JPEG or PNG: format and dimensions, checked against MAX_IMAGE_MEGAPIXELS, so an upload is refused
 * with a reason before anything decodes it. Throws a readable reason for any other content, a header that cannot be
 * read, zero dimensions or too many pixels.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const sniffed = sniffImageFormat(bytes);
  if (sniffed.format === 'other') throw new Error(notSupported(sniffed.description));
  const size = sniffed.format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (size.width === 0 || size.height === 0) throw new Error(`corrupt ${sniffed.format.toUpperCase()}: its header declares ${size.width}×${size.height} pixels`);
  if (size.width * size.height > MAX_IMAGE_MEGAPIXELS * 1e6) {
    throw new Error(`image too large: ${size.width}×${size.height} is over the ${MAX_IMAGE_MEGAPIXELS} megapixel limit`);
  }
  return { format: sniffed.format, contentType: sniffed.format === 'png' ? 'image/png' : 'image/jpeg', ...size };
}

/** The reason given for content that is neither JPEG nor PNG, naming what it is. */
export function notSupported(description: string): string {
  return `not a JPEG or PNG image (${description}); convert it to JPEG or PNG`;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = bytes.byteLength >= 24 && PNG_SIGNATURE.every((value, i) => bytes[i] === value) && Buffer.from(bytes.subarray(12, 16)).toString('latin1') === 'IHDR';
  if (!ihdr) throw new Error('corrupt PNG: no image header (IHDR) after the signature');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks the JPEG's marker segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC), which holds the size. */
function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.byteLength) {
    if (bytes[offset] !== 0xff) throw new Error(`corrupt JPEG: expected a marker at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (length < 2) throw new Error(`corrupt JPEG: a segment at byte ${offset} has length ${length}`);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.byteLength) break;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda || marker === 0xd9) throw new Error('corrupt JPEG: the image data starts before any frame header');
    offset += 2 + length;
  }
  throw new Error('corrupt or truncated JPEG: no frame header with the image size');
}
