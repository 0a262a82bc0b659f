import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../encoder.ts';
import { parseEncoderSpec } from '../encoder-spec.ts';
import { openEncoder } from '../open-encoder.ts';
import { writeTinyTextModel } from '../testing/tiny-text-model.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

/** The ONNX text path (transformers.js, remote loading off) on a tiny word-embedding model the test writes. */
describe('onnx-text (transformers.js, local folder only)', () => {
  let dir: string;
  let encoder: Encoder;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-onnx-text-'));
    await writeTinyTextModel(path.join(dir, 'tiny'), { words: 'toy story 2 schindler list heat animation comedy drama war'.split(' ') });
    encoder = await openEncoder(parseEncoderSpec(`onnx-text:${path.join(dir, 'tiny')}?maxTokens=16`));
  });
  afterAll(async () => {
    await encoder?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads from the folder and learns its dimension', () => {
    expect(encoder).toMatchObject({ name: 'onnx-text-tiny', modality: 'TEXT', dimension: 16 });
    expect(encoder.version).toMatch(/^sha256-[0-9a-f]{12}\+item-text\.\d+$/);
  });

  it('mean-pools and normalises: texts sharing words are closer', async () => {
    const [a, b, c] = await encoder.encode(['Toy Story (1995). Animation', 'Toy Story 2 (1999). Animation', "Schindler's List (1993). Drama, War"]);
    if (!a?.ok || !b?.ok || !c?.ok) throw new Error('a text failed to encode');
    expect(dot(a.vector, a.vector)).toBeCloseTo(1, 5);
    expect(dot(a.vector, b.vector)).toBeGreaterThan(dot(a.vector, c.vector));
  });

  it('changes version when the weights change', async () => {
    const other = path.join(dir, 'tiny2');
    await writeTinyTextModel(other, { words: ['toy'], seed: 99 });
    const second = await openEncoder(parseEncoderSpec(`onnx-text:${other}`));
    try {
      expect(second.version).not.toBe(encoder.version);
    } finally {
      await second.close();
    }
  });

  describe('bad input', () => {
    it('fails an empty text alone', async () => {
      expect((await encoder.encode(['', 'heat'])).map((outcome) => outcome.ok)).toEqual([false, true]);
    });

    it('refuses a folder without the model files, saying what is missing and that nothing is downloaded', async () => {
      const empty = path.join(dir, 'empty');
      await writeTinyTextModel(empty, { words: ['x'] });
      await writeFile(path.join(empty, 'tokenizer.json'), '');
      await rm(path.join(empty, 'onnx'), { recursive: true });
      await expect(openEncoder(parseEncoderSpec(`onnx-text:${empty}`))).rejects.toThrow(/lacks onnx\/model\.onnx: .*nothing is downloaded/);
    });
  });
});
