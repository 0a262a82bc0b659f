import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffImageFormat } from './image-format.ts';
import { decodeImage } from './decode-image.ts';

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return PNG.sync.write(image);
}

function jpg(width: number, height: number): Buffer {
  return Buffer.from(jpeg.encode({ width, height, data: Buffer.alloc(width * height * 4, 90) }, 80).data);
}

describe('image format from content', () => {
  it('reads format, media type and size from JPEG and PNG headers, as the decoder sees them', () => {
    for (const [bytes, format] of [[png(37, 21), 'png'], [jpg(37, 21), 'jpeg']] as const) {
      const header = readImageHeader(bytes);
      expect(header).toEqual({ format, contentType: `image/${format}`, width: 37, height: 21 });
      const decoded = decodeImage(bytes);
      expect([decoded.width, decoded.height]).toEqual([header.width, header.height]);
    }
  });

  it('names what other content is', () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /\(GIF, which is not supported\)/],
      [Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'), /\(WebP, which is not supported\)/],
      [Buffer.from('hello, I am a text file'), /\(it starts with the text "hello, I am a te"\)/],
      [Buffer.from('%PDF-1.7 ...'), /\(a PDF document\)/],
      [new Uint8Array([0, 1, 2, 3, 4]), /\(unrecognised leading bytes 00010203\)/],
      [new Uint8Array(), /\(an empty file\)/],
    ];
    for (const [bytes, message] of cases) expect(() => readImageHeader(bytes)).toThrow(message);
    expect(sniffImageFormat(Buffer.from('GIF89a'))).toEqual({ format: 'other', description: 'GIF, which is not supported' });
  });

  it('refuses headers that declare too many pixels, none, or cannot be read', () => {
    const huge = png(10, 10);
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    expect(() => readImageHeader(huge)).toThrow(/image too large: 100000×100000 is over the 40 megapixel limit/);
    const zero = png(10, 10);
    zero.writeUInt32BE(0, 16);
    expect(() => readImageHeader(zero)).toThrow(/corrupt PNG: its header declares 0×10 pixels/);
    expect(() => readImageHeader(png(10, 10).subarray(0, 20))).toThrow(/corrupt PNG: no image header/);
    expect(() => readImageHeader(jpg(10, 10).subarray(0, 20))).toThrow(/truncated JPEG/);
    const bigJpeg = jpg(8, 8);
    // The SOF0 segment: FF C0, length, precision, then height and width.
    const sof = bigJpeg.indexOf(Buffer.from([0xff, 0xc0]));
    bigJpeg.writeUInt16BE(60_000, sof + 5);
    bigJpeg.writeUInt16BE(60_000, sof + 7);
    expect(() => readImageHeader(bigJpeg)).toThrow(/60000×60000 is over the 40 megapixel limit/);
  });
});
