import { describe, expect, it } from 'vitest';
import { decodeIdCursor, decodeOffsetCursor, decodeTimeIdCursor, decodeTimeIntIdCursor, encodeCursor } from './pagination.ts';

describe('cursors', () => {
  it('round-trip the positions this API issues', () => {
    expect(decodeIdCursor(encodeCursor([42]))).toBe(42);
    expect(decodeTimeIdCursor(encodeCursor([1_700_000_000_000, '9223372036854775807']))).toEqual({ time: new Date(1_700_000_000_000), id: 9_223_372_036_854_775_807n });
    expect(decodeTimeIntIdCursor(encodeCursor([1_700_000_000_000, 2_147_483_647]))).toEqual({ time: new Date(1_700_000_000_000), id: 2_147_483_647 });
    expect(decodeOffsetCursor(encodeCursor([0]), 10)).toBe(0);
    expect(decodeOffsetCursor(encodeCursor([10]), 10)).toBe(10);
  });

  describe('EXPECTED FAILURE', () => {
    const refused = { extensions: { code: 'BAD_USER_INPUT', details: { field: 'after' } } };

    it.each([[99999999999999999999], ['abc'], [-1], [2_147_483_648], [1.5], [null], ['1', 2]])('refuses the id cursor %j', (...position) => {
      expect(() => decodeIdCursor(encodeCursor(position as Array<string | number>))).toThrow(expect.objectContaining(refused));
    });

    it.each([
      [1e20, '1'],
      ['1', '1'],
      [0, 'abc'],
      [0, '99999999999999999999'],
      [0, '-1'],
      [0, 5],
    ])('refuses the history cursor [%j, %j]', (time, id) => {
      expect(() => decodeTimeIdCursor(encodeCursor([time, id]))).toThrow(expect.objectContaining(refused));
    });

    it.each([[1e20, 1], ['1', 1], [0, '1'], [0, 2_147_483_648], [0, -1], [0, 1.5]])('refuses the model version cursor [%j, %j]', (time, id) => {
      expect(() => decodeTimeIntIdCursor(encodeCursor([time, id]))).toThrow(expect.objectContaining(refused));
    });

    it.each([[11], [-1], [1.5], ['1'], [99999999999999999999]])('refuses the offset cursor [%j] (at most 10 here)', (offset) => {
      expect(() => decodeOffsetCursor(encodeCursor([offset]), 10)).toThrow(expect.objectContaining(refused));
    });

    it('refuses text that is not a cursor at all', () => {
      expect(() => decodeIdCursor('not-a-cursor')).toThrow(expect.objectContaining(refused));
    });
  });
});
