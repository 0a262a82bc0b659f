import { describe, expect, it } from 'vitest';
import { ServingCatalog } from './serving-catalog.ts';

const vectors = (value: number) => new Map([['id', Float32Array.of(value, value)]]);

describe('the served catalog\'s generation', () => {
  it('advances when an item is added or really changes, and stays when the same item is placed again', () => {
    const catalog = new ServingCatalog(['id'], 2, 2);
    catalog.add({ dbId: 7, genres: ['comedy'], active: true }, vectors(1));
    const added = catalog.generation;
    expect(added).toBe(1);
    // Placing the same warm-up again (a replica resets after a reconnect and places every warmed item) keeps answers.
    catalog.update({ dbId: 7, genres: ['comedy'], active: true });
    catalog.replaceVectors(7, vectors(1));
    expect(catalog.generation).toBe(added);
    catalog.update({ dbId: 7, genres: ['comedy'], active: false });
    expect(catalog.generation).toBe(added + 1);
    catalog.update({ dbId: 7, genres: ['comedy', 'drama'], active: false });
    expect(catalog.generation).toBe(added + 2);
    catalog.replaceVectors(7, vectors(2));
    expect(catalog.generation).toBe(added + 3);
    expect(catalog.tables('id').vectors[catalog.rowOf(7)! * 2]).toBe(2);
    // An item the catalog does not hold changes nothing.
    catalog.update({ dbId: 8, genres: [], active: true });
    expect(catalog.generation).toBe(added + 3);
  });
});
