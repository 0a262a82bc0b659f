import { describe, expect, it } from 'vitest';
import { checkExternalId, checkSerialId, checkText } from './check-input.ts';

describe('checkExternalId', () => {
  it('trims an id', () => {
    expect(checkExternalId('  m1 ')).toBe('m1');
  });

  describe('EXPECTED FAILURE', () => {
    it('refuses an id with a NUL character, naming the field', () => {
      expect(() => checkExternalId('a\u0000b', 'userId')).toThrow(
        expect.objectContaining({ message: 'userId must not contain a NUL character (\\u0000)', extensions: { code: 'BAD_USER_INPUT', details: { field: 'userId' } } }),
      );
    });

    it('refuses an empty or oversized id', () => {
      expect(() => checkExternalId('  ')).toThrow(/non-empty id of at most 256 characters/);
      expect(() => checkExternalId('x'.repeat(257))).toThrow(/non-empty id of at most 256 characters/);
    });
  });
});

describe('checkText', () => {
  it('passes null, undefined and ordinary text through', () => {
    expect(checkText(null, 'search', 10)).toBeNull();
    expect(checkText(undefined, 'search', 10)).toBeUndefined();
    expect(checkText('toy', 'search', 10)).toBe('toy');
  });

  it('EXPECTED FAILURE: refuses text that is too long or holds a NUL character', () => {
    expect(() => checkText('x'.repeat(11), 'search', 10)).toThrow('search must be at most 10 characters');
    expect(() => checkText('\u0000', 'genre', 10)).toThrow('genre must not contain a NUL character (\\u0000)');
  });
});

describe('checkSerialId', () => {
  it('reads a database-numbered id', () => {
    expect(checkSerialId(' 42 ', 'id', 'a model version')).toBe(42);
    expect(checkSerialId('2147483647', 'id', 'a model version')).toBe(2_147_483_647);
  });

  it('refuses what no integer column holds before it reaches the database, naming what it identifies', () => {
    for (const id of ['abc', '1; drop', '-3', '0', '2147483648', '99999999999', '']) {
      expect(() => checkSerialId(id, 'id', 'an API key')).toThrow(expect.objectContaining({ message: `id must be an API key's number, got "${id}"`, extensions: { code: 'BAD_USER_INPUT', details: { field: 'id' } } }));
    }
  });
});
