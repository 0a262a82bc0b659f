import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { importDataset, openDataset } from '@fewshot/pipeline/import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from './pagination.ts';
import { escapeLike, listItems, type ListItemsOptions } from './list-items.ts';

function catalogDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-list-items-'));
  const items = [
    { id: 'percent', title: '100% Love', genres: ['Comedy', 'Romance'] },
    { id: 'thousand', title: '1000 Ways to Die', genres: ['Documentary'] },
    { id: 'underscore', title: 'file_name', genres: ['Drama'] },
    { id: 'letters', title: 'filexname', genres: ['comedy'] },
    { id: 'backslash', title: 'C:\\Movies', genres: ['Sci-Fi'] },
    { id: 'plain', title: 'Plain Movie', genres: [] },
  ];
  writeFileSync(path.join(dir, 'items.jsonl'), items.map((item) => JSON.stringify(item)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'interactions.jsonl'), `${JSON.stringify({ user: 'u1', item: 'plain', timestamp: 100 })}\n`);
  return dir;
}

const targets = await testDatabaseTargets();

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('100%_\\x')).toBe('100\\%\\_\\\\x');
  });
});

describe.each(targets)('listItems on $kind', ({ create }) => {
  let db: TestDatabase;
  const list = async (options: Partial<ListItemsOptions>) => {
    const page = await listItems(db, { first: 100, orderBy: 'OLDEST', ...options });
    return page.nodes.map((item) => item.externalId);
  };

  beforeAll(async () => {
    db = await create();
    await importDataset(db, { dataset: openDataset(catalogDir()) });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('matches % and _ in search literally, not as wildcards', async () => {
    expect(await list({ search: '100%' })).toEqual(['percent']);
    expect(await list({ search: 'file_' })).toEqual(['underscore']);
    expect(await list({ search: '\\' })).toEqual(['backslash']);
    expect(await list({ search: '%' })).toEqual(['percent']);
  });

  it('filters by genre case-insensitively, like search, across every spelling in the catalog', async () => {
    expect(await list({ genre: 'comedy' })).toEqual(['percent', 'letters']);
    expect(await list({ genre: 'COMEDY' })).toEqual(['percent', 'letters']);
    expect(await list({ genre: 'sci-fi' })).toEqual(['backslash']);
    expect((await listItems(db, { first: 1, orderBy: 'OLDEST', genre: 'Comedy' })).totalCount).toBe(2);
  });

  it('finds nothing, with a total of 0, for a genre the catalog does not use', async () => {
    expect(await listItems(db, { first: 10, orderBy: 'OLDEST', genre: 'Western' })).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 0 });
  });

  describe('EXPECTED FAILURE', () => {
    it.each([
      ['an id past the int range', encodeCursor([99999999999999999999])],
      ['a string id', encodeCursor(['abc'])],
      ['a negative id', encodeCursor([-1])],
      ['a fractional id', encodeCursor([1.5])],
    ])('refuses a crafted cursor (%s) with BAD_USER_INPUT before it reaches the database', async (_, after) => {
      await expect(listItems(db, { first: 5, orderBy: 'OLDEST', after })).rejects.toMatchObject({
        message: 'after is not a cursor this API returned; pass the endCursor of the previous page',
        extensions: { code: 'BAD_USER_INPUT', details: { field: 'after' } },
      });
    });

    it('refuses search and genre text with a NUL character', async () => {
      await expect(listItems(db, { first: 5, orderBy: 'OLDEST', search: 'a\u0000b' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'search' } } });
      await expect(listItems(db, { first: 5, orderBy: 'OLDEST', genre: '\u0000' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'genre' } } });
    });
  });
});
