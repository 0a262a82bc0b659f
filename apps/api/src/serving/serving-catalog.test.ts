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

describe('the served catalog\'s item-axis gains', () => {
  it('keeps the trained gains given for the model\'s items and gives later items the model\'s gains for new items', () => {
    const catalog = new ServingCatalog(['id', 'text'], 2, 2, new Map([['id', 2], ['text', 0]]));
    const both = (value: number) => new Map([['id', Float32Array.of(value, value)], ['text', Float32Array.of(value, value)]]);
    catalog.add({ dbId: 1, genres: [], active: true }, both(1), new Map([['id', 0.5], ['text', 1.5]]), new Map([['id', 0.1], ['text', 0.2]]));
    catalog.add({ dbId: 2, genres: [], active: true }, both(2)); // added after training: grows the tables too
    expect(Array.from(catalog.tables('id').gain)).toEqual([0.5, 2]);
    expect(Array.from(catalog.tables('text').gain)).toEqual([1.5, 0]);
    expect(Array.from(catalog.tables('text').bias)).toEqual([Math.fround(0.2), 0]);
    const plain = new ServingCatalog(['id'], 2);
    plain.add({ dbId: 3, genres: [], active: true }, vectors(1));
    expect(Array.from(plain.tables('id').gain)).toEqual([1]);
  });
});
