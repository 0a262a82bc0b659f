import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../encoder.ts';
import { openEncoder } from '../open-encoder.ts';
import { posterPath, POSTERS_DIRECTORY } from '../testing/posters.ts';

// ML-1M movie ids of the shared posters: Toy Story, Toy Story 2, Schindler's List, Fargo.
const TOY_STORY = posterPath(1);
const TOY_STORY_2 = posterPath(3114);
const SCHINDLER = posterPath(527);
const FARGO = posterPath(608);
const havePosters = Boolean(TOY_STORY && TOY_STORY_2 && SCHINDLER && FARGO);

const cosine = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] as number) * (b[i] as number);
    aa += (a[i] as number) ** 2;
    bb += (b[i] as number) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

describe('mobilenet-v2 (nsfwjs backbone at flatten_1, tfjs wasm, two workers)', () => {
  let encoder: Encoder;
  let dir: string;
  beforeAll(async () => {
    encoder = await openEncoder({ kind: 'mobilenet-v2' }, { workers: 2 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'fewshot-posters-'));
  });
  afterAll(async () => {
    await encoder?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('describes itself as a 1280-d image encoder', () => {
    expect(encoder).toMatchObject({ name: 'mobilenet-v2', modality: 'IMAGE', dimension: 1280 });
    expect(encoder.version).toBe('nsfwjs-4.3.0+flatten_1+224');
  });

  it.skipIf(!havePosters)(`puts the two Toy Story posters nearer each other than to unrelated films (${POSTERS_DIRECTORY})`, async () => {
    const files = [TOY_STORY, TOY_STORY_2, SCHINDLER, FARGO] as string[];
    const outcomes = await encoder.encode(files.map((file) => ({ uri: pathToFileURL(file).href })));
    const [toyStory, toyStory2, schindler, fargo] = outcomes.map((outcome) => {
      if (!outcome.ok) throw new Error(outcome.error);
      return outcome.vector;
    }) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const same = cosine(toyStory, toyStory2);
    expect(same).toBeGreaterThan(cosine(toyStory, schindler) + 0.1);
    expect(same).toBeGreaterThan(cosine(toyStory, fargo) + 0.1);
  });

  it.skipIf(!havePosters)('gives the same vector for a file and for its uploaded bytes', async () => {
    const bytes = new Uint8Array(await readFile(TOY_STORY as string));
    const [fromFile, fromBytes] = await encoder.encode([{ uri: TOY_STORY as string }, { bytes }]);
    if (!fromFile?.ok || !fromBytes?.ok) throw new Error('poster failed to encode');
    expect(cosine(fromFile.vector, fromBytes.vector)).toBeCloseTo(1, 6);
  });

  describe('bad input', () => {
    it.skipIf(!havePosters)('fails corrupt, truncated and non-image files one by one and encodes the rest of the batch', async () => {
      const poster = await readFile(TOY_STORY as string);
      const truncated = path.join(dir, 'truncated.jpg');
      const corrupt = path.join(dir, 'corrupt.jpg');
      const text = path.join(dir, 'notes.jpg');
      await writeFile(truncated, poster.subarray(0, Math.floor(poster.length / 2)));
      await writeFile(corrupt, Buffer.concat([poster.subarray(0, 20), Buffer.alloc(4000, 0x55)]));
      await writeFile(text, 'this is a text file with a .jpg name\n');
      const outcomes = await encoder.encode([
        { uri: TOY_STORY as string }, { uri: truncated }, { uri: corrupt }, { uri: text }, { uri: path.join(dir, 'missing.jpg') }, { uri: TOY_STORY_2 as string },
      ]);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, false, false, false, true]);
      expect(outcomes.slice(1, 5).map((outcome) => (outcome.ok ? '' : outcome.error))).toEqual([
        expect.stringMatching(/^corrupt or truncated JPEG/),
        expect.stringMatching(/^corrupt or truncated JPEG/),
        expect.stringMatching(/^not a JPEG or PNG image \(it starts with the text "this is a text f"\)/),
        expect.stringMatching(/^image file not found/),
      ]);
    });
  });
});
