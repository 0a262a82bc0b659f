import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.ts';
import { MAX_IMAGE_BYTES } from './image-limits.ts';
import { prepareImage } from './prepare-image.ts';
import { resizeToSquare } from './resize-image.ts';

/** A small real JPEG (left half red, right half blue) encoded by jpeg-js. */
function twoColourJpeg(width = 40, height = 60): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(x < width / 2 ? [230, 20, 20, 255] : [20, 20, 230, 255], (y * width + x) * 4);
  }
  return jpeg.encode({ width, height, data }, 95).data;
}

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(rgba, i * 4);
  return PNG.sync.write(png);
}

describe('image preparation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-images-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('decodes JPEG and PNG to RGB and resizes to a square in [0, 1]', async () => {
    const image = decodeImage(twoColourJpeg());
    expect([image.width, image.height, image.data.length]).toEqual([40, 60, 40 * 60 * 3]);
    const pixels = resizeToSquare(image, 8);
    expect(pixels.length).toBe(8 * 8 * 3);
    expect(pixels[0]).toBeGreaterThan(0.8); // top-left is red
    expect(pixels[(8 * 8 - 1) * 3 + 2]).toBeGreaterThan(0.8); // bottom-right is blue

    const png = decodeImage(solidPng(3, 2, [10, 20, 30, 255]));
    expect([...png.data.subarray(0, 3)]).toEqual([10, 20, 30]);
  });

  it('reads file:// URLs, absolute paths and bytes', async () => {
    const file = path.join(dir, 'ok.jpg');
    await writeFile(file, twoColourJpeg());
    for (const input of [{ uri: pathToFileURL(file).href }, { uri: file }, { bytes: new Uint8Array(twoColourJpeg()) }]) {
      const prepared = await prepareImage(input, 16);
      expect(prepared.ok && prepared.pixels.length).toBe(16 * 16 * 3);
    }
  });

  describe('bad input gives a readable reason', () => {
    const cases: Array<[string, () => Uint8Array, RegExp]> = [
      ['a truncated JPEG', () => twoColourJpeg(200, 300).subarray(0, 900), /corrupt or truncated JPEG/],
      ['a corrupt JPEG body', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(500, 7)]), /corrupt or truncated JPEG/],
      ['a truncated PNG', () => solidPng(50, 50, [1, 2, 3, 255]).subarray(0, 60), /corrupt or truncated PNG/],
      ['a text file', () => Buffer.from('<html>not an image</html>'), /not a JPEG or PNG image \(it starts with the text "<html>not an ima"\)/],
      ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /GIF, which is not supported/],
      ['an empty file', () => new Uint8Array(0), /image is empty/],
      ['a PNG that declares a gigapixel image', hugePngHeader, /image too large: 60000×60000 is over the 40 megapixel limit/],
    ];
    it.each(cases)('%s', async (_name, bytes, reason) => {
      const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}`);
      await writeFile(file, bytes());
      const prepared = await prepareImage({ uri: file }, 16);
      expect(prepared.ok).toBe(false);
      expect(!prepared.ok && prepared.error).toMatch(reason);
    });

    it('a file over the size limit, refused before it is read', async () => {
      const file = path.join(dir, 'huge.jpg');
      await writeFile(file, Buffer.from([0xff, 0xd8, 0xff]));
      await truncate(file, MAX_IMAGE_BYTES + 1); // sparse: costs no disk
      const prepared = await prepareImage({ uri: file }, 16);
      expect(prepared).toMatchObject({ ok: false, error: expect.stringMatching(/^image too large: 25\.0 MB exceeds the 25 MB limit/) });
    });

    it('a missing file or a relative reference', async () => {
      expect(await prepareImage({ uri: path.join(dir, 'absent.jpg') }, 16)).toMatchObject({ ok: false, error: expect.stringMatching(/image file not found/) });
      expect(await prepareImage({ uri: 'posters/1.jpg' }, 16)).toMatchObject({ ok: false, error: expect.stringMatching(/neither a file:\/\/ URL/) });
    });
  });
});

/** A valid PNG signature and IHDR declaring 60000×60000 pixels, with no image data. */
function hugePngHeader(): Uint8Array {
  const bytes = Buffer.from(solidPng(1, 1, [0, 0, 0, 255]));
  bytes.writeUInt32BE(60000, 16);
  bytes.writeUInt32BE(60000, 20);
  return bytes;
}
