import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModelVersions, type ListModelVersionsOptions } from './list-model-versions.ts';
import { encodeCursor } from './pagination.ts';

const targets = await testDatabaseTargets();

/**
 * Versions a page at a time on both engines: five versions, three created at the same millisecond (a keyset on the
 * time alone would repeat or skip them at a page's edge), one older, one newer; one in another status.
 */
describe.each(targets)('listModelVersions on $kind', ({ create }) => {
  let db: TestDatabase;
  const names = async (options: ListModelVersionsOptions) => {
    const page = await listModelVersions(db, options);
    return { names: page.nodes.map((version) => version.name), page };
  };

  beforeAll(async () => {
    db = await create();
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    // Inserted out of time order, so ids and times disagree: the list follows the time, then the id.
    for (const [name, createdAt, status] of [
      ['tie-a', at(1000), 'READY'],
      ['newest', at(5000), 'TRAINING'],
      ['tie-b', at(1000), 'READY'],
      ['oldest', at(0), 'RETIRED'],
      ['tie-c', at(1000), 'READY'],
    ] as const) {
      await db.prisma.modelVersion.create({ data: { name, createdAt, status, artifactBytes: 7, artifactChunks: { create: [{ seq: 0, bytes: Buffer.from('weights') }] } } });
    }
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('pages newest first, the higher id first at the same instant, without overlap or gap', async () => {
    const first = await names({ first: 2 });
    expect(first.names).toEqual(['newest', 'tie-c']);
    expect(first.page.totalCount).toBe(5);
    expect(first.page.pageInfo.hasNextPage).toBe(true);
    const second = await names({ first: 2, after: first.page.pageInfo.endCursor });
    expect(second.names).toEqual(['tie-b', 'tie-a']);
    const third = await names({ first: 2, after: second.page.pageInfo.endCursor });
    expect(third.names).toEqual(['oldest']);
    expect(third.page.pageInfo).toEqual({ endCursor: expect.any(String), hasNextPage: false });
    expect((await names({ first: 2, after: third.page.pageInfo.endCursor })).page).toEqual({ nodes: [], pageInfo: { endCursor: null, hasNextPage: false }, totalCount: 5 });
  });

  it('filters by status, counting only those', async () => {
    const ready = await names({ first: 1, status: 'READY' });
    expect(ready.names).toEqual(['tie-c']);
    expect(ready.page.totalCount).toBe(3);
    expect((await names({ first: 5, status: 'READY', after: ready.page.pageInfo.endCursor })).names).toEqual(['tie-b', 'tie-a']);
  });

  describe('EXPECTED FAILURE', () => {
    it.each([
      ['text that is no cursor', 'not-a-cursor'],
      ['an item cursor (one part)', encodeCursor([3])],
      ['a time past any date', encodeCursor([1e20, 1])],
      ['an id past the int range', encodeCursor([0, 2_147_483_648])],
      ['a string id', encodeCursor([0, '1'])],
    ])('refuses %s with BAD_USER_INPUT before it reaches the database', async (_, after) => {
      await expect(listModelVersions(db, { first: 5, after })).rejects.toMatchObject({
        message: 'after is not a cursor this API returned; pass the endCursor of the previous page',
        extensions: { code: 'BAD_USER_INPUT', details: { field: 'after' } },
      });
    });

    it('refuses a page size out of range', async () => {
      await expect(listModelVersions(db, { first: 0 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', details: { field: 'first' } } });
    });
  });
});
