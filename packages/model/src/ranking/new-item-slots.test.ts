import { describe, expect, it } from 'vitest';
import { rankWithNewItems } from './new-item-slots.ts';

// Rows 1–8 are the model's own, 9–12 new; scores fall with the row, so every new item ranks below the old ones.
const scores = Float32Array.from({ length: 12 }, (_, i) => 12 - i);
const isNew = (row: number) => row > 8;
const all = () => true;
const rows = (ranked: ReturnType<typeof rankWithNewItems>) => ranked.map((entry) => (entry.newItem ? `${entry.row}*` : String(entry.row)));

describe('rankWithNewItems', () => {
  it('keeps the plain ranking without slots', () => {
    expect(rows(rankWithNewItems(scores, 5, 0, all, isNew))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('gives each slot the best-scoring new item, spread down the list, in place of the lowest-ranked others', () => {
    // 5 items, 1 slot: rank 3; 6 items, 2 slots: ranks 3 and 5.
    expect(rows(rankWithNewItems(scores, 5, 1, all, isNew))).toEqual(['1', '2', '9*', '3', '4']);
    expect(rows(rankWithNewItems(scores, 6, 2, all, isNew))).toEqual(['1', '2', '9*', '3', '10*', '4']);
    // A list long enough to hold new items by their rank (10 of 12 rows: 9 and 10) needs no slot for them.
    expect(rows(rankWithNewItems(scores, 10, 2, all, isNew))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // As many slots as items: only new ones, best first.
    expect(rows(rankWithNewItems(scores, 3, 3, all, isNew))).toEqual(['9*', '10*', '11*']);
  });

  it('counts new items that rank in on their own, and takes only new items the request allows', () => {
    const newFirst = Float32Array.from(scores);
    newFirst[10] = 100; // row 11 outranks everything
    expect(rows(rankWithNewItems(newFirst, 5, 1, all, isNew))).toEqual(['11', '1', '2', '3', '4']);
    expect(rows(rankWithNewItems(newFirst, 5, 2, all, isNew))).toEqual(['11', '1', '9*', '2', '3']);
    expect(rows(rankWithNewItems(scores, 5, 2, (row) => row !== 9 && row !== 10, isNew))).toEqual(['1', '11*', '2', '12*', '3']);
    expect(rows(rankWithNewItems(scores, 5, 2, (row) => row < 9, isNew))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('fills a slot only with a new item ranked within the bound, when one is given', () => {
    // The best new item (9) ranks 9th of all: within 9 it takes the slot, within 8 nothing does.
    expect(rows(rankWithNewItems(scores, 5, 1, all, isNew, { within: 9 }))).toEqual(['1', '2', '9*', '3', '4']);
    expect(rows(rankWithNewItems(scores, 5, 1, all, isNew, { within: 8 }))).toEqual(['1', '2', '3', '4', '5']);
    // Two slots, bound 9: only the first new item is near enough; the list keeps one more of its own.
    expect(rows(rankWithNewItems(scores, 6, 2, all, isNew, { within: 9 }))).toEqual(['1', '2', '3', '9*', '4', '5']);
    // The rank counts only items the request allows: without rows 1–4, item 10 ranks 6th.
    expect(rows(rankWithNewItems(scores, 3, 2, (row) => row > 4, isNew, { within: 6 }))).toEqual(['5', '9*', '10*']);
  });
});
