import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Encoder } from '../encoder.ts';
import { itemText } from '../item-text.ts';
import { openEncoder } from '../open-encoder.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

describe('use-lite (Universal Sentence Encoder lite, real weights, in a worker)', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    encoder = await openEncoder({ kind: 'use-lite' });
  });
  afterAll(async () => {
    await encoder?.close();
  });

  it('describes itself as a pinned 512-d text encoder', () => {
    expect(encoder).toMatchObject({ name: 'use-lite', modality: 'TEXT', dimension: 512 });
    expect(encoder.version).toMatch(/^0\.2\.0\+item-text\.\d+$/);
  });

  it('puts "Toy Story (1995)" closer to "Toy Story 2 (1999)" than to "Schindler\'s List (1993)"', async () => {
    const [toyStory, toyStory2, schindler] = await encoder.encode(['Toy Story (1995)', 'Toy Story 2 (1999)', "Schindler's List (1993)"]);
    if (!toyStory?.ok || !toyStory2?.ok || !schindler?.ok) throw new Error('a title failed to encode');
    expect(toyStory.vector).toHaveLength(512);
    expect(dot(toyStory.vector, toyStory2.vector)).toBeGreaterThan(dot(toyStory.vector, schindler.vector) + 0.1);
  });

  it('keeps the order on full item texts (title + year + genres)', async () => {
    const texts = [
      { title: 'Toy Story', attributes: { year: 1995, genres: ['Animation', "Children's", 'Comedy'] } },
      { title: 'Toy Story 2', attributes: { year: 1999, genres: ['Animation', "Children's", 'Comedy'] } },
      { title: "Schindler's List", attributes: { year: 1993, genres: ['Drama', 'War'] } },
    ].map((item) => {
      const text = itemText(item);
      if (!text.ok) throw new Error(text.error);
      return text.text;
    });
    const [a, b, c] = await encoder.encode(texts);
    if (!a?.ok || !b?.ok || !c?.ok) throw new Error('an item text failed to encode');
    expect(dot(a.vector, b.vector)).toBeGreaterThan(dot(a.vector, c.vector));
  });

  describe('bad input', () => {
    it('fails an empty text on its own and encodes the rest of the batch', async () => {
      const outcomes = await encoder.encode(['Heat (1995)', '  ', 'Casino (1995)']);
      expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
      expect(outcomes[1]).toEqual({ ok: false, error: 'empty text: nothing to encode' });
    });
  });
});
