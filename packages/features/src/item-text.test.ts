import { describe, expect, it } from 'vitest';
import { itemText, MAX_ITEM_TEXT_CHARS } from './item-text.ts';

describe('itemText', () => {
  it('joins title, year, genres and description', () => {
    const result = itemText({ title: 'Toy Story', description: 'Toys come alive.', attributes: { genres: ['Animation', "Children's"], year: 1995 } });
    expect(result).toEqual({ ok: true, text: "Toy Story (1995). Animation, Children's. Toys come alive." });
  });

  it('does not repeat a year the title already carries, and reads categories and "A|B" strings', () => {
    const result = itemText({ title: 'Heat (1995)', attributes: { year: '1995', genres: 'Action|Crime', categories: ['Crime', 'Thriller'] } });
    expect(result).toEqual({ ok: true, text: 'Heat (1995). Action, Crime, Thriller' });
  });

  it('cuts very long descriptions', () => {
    const result = itemText({ title: 'Long', description: 'word '.repeat(5000) });
    expect(result.ok && result.text.length).toBe(MAX_ITEM_TEXT_CHARS);
  });

  describe('bad input', () => {
    it('fails an empty or blank title with a readable reason, even when genres exist', () => {
      for (const title of ['', '   ', null, undefined]) {
        const result = itemText({ title, attributes: { genres: ['Drama'] } });
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).toMatch(/empty title/);
      }
    });

    it('ignores attributes that are not an object', () => {
      expect(itemText({ title: 'X', attributes: ['odd'] })).toEqual({ ok: true, text: 'X' });
    });
  });
});
