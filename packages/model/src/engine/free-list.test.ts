import { describe, expect, it } from 'vitest';
import { Arena } from './arena.ts';
import { CONTROL_WORDS, FREE_LIST_CAPACITY, FreeList } from './free-list.ts';
import { createEngine } from './engine.ts';
import { ArrayHeap } from './heap.ts';
import { Adam } from './optim/adam.ts';
import { ParamStore } from './param-store.ts';

const MIB = 1 << 20; // elements

function list(): FreeList {
  return new FreeList(new Int32Array(CONTROL_WORDS));
}

describe('FreeList', () => {
  it('merges spans freed next to each other, in any order, into one that serves a larger request', () => {
    const free = list();
    free.free([{ offset: 3 * MIB, size: MIB }, { offset: MIB, size: MIB }]);
    expect(free.take(2 * MIB)).toBeUndefined(); // two separate spans, neither big enough
    free.free([{ offset: 2 * MIB, size: MIB }]); // the gap between them
    expect(free.freeElements()).toBe(3 * MIB);
    expect(free.take(3 * MIB)).toEqual({ offset: MIB, size: 3 * MIB });
    expect(free.freeElements()).toBe(0);
  });

  it('takes the smallest span that fits, and splits it only when the rest is worth keeping', () => {
    const free = list();
    free.free([{ offset: 0, size: 10 * MIB }, { offset: 20 * MIB, size: 3 * MIB }, { offset: 30 * MIB, size: 2 * MIB + 16 }]);
    expect(free.take(2 * MIB)).toEqual({ offset: 30 * MIB, size: 2 * MIB + 16 }); // best fit, taken whole
    expect(free.take(MIB)).toEqual({ offset: 20 * MIB, size: MIB }); // split: 2 MiB stay free
    expect(free.take(2 * MIB)).toEqual({ offset: 21 * MIB, size: 2 * MIB });
    expect(free.take(11 * MIB)).toBeUndefined();
    expect(free.freeElements()).toBe(10 * MIB);
  });

  it('refuses a span freed twice', () => {
    const free = list();
    free.free([{ offset: 0, size: 4 * MIB }]);
    expect(() => free.free([{ offset: MIB, size: MIB }])).toThrow(/freed twice/);
  });

  it('drops spans past its capacity instead of failing (they are lost to reuse only)', () => {
    const free = list();
    const spans = Array.from({ length: FREE_LIST_CAPACITY + 10 }, (_, i) => ({ offset: i * 32, size: 16 }));
    free.free(spans);
    expect(free.freeElements()).toBe(FREE_LIST_CAPACITY * 16);
  });
});

describe('Arena with the heap free list', () => {
  it('serves a step larger than any one freed chunk from adjacent chunks another arena released', () => {
    const heap = new ArrayHeap('float32');
    const first = new Arena(heap);
    for (let i = 0; i < 3; i++) first.allocate(4_194_304); // three chunks of 16 MiB, one after another
    first.release();
    const grown = heap.allocatedElements();
    const second = new Arena(heap);
    second.allocate(9_000_000); // needs 11.25M elements with headroom: two merged chunks and a bit of the third
    expect(heap.allocatedElements()).toBe(grown);
  });
});

describe('memory owners that free', () => {
  function store(): ParamStore {
    const s = new ParamStore();
    s.declare({ name: 'table', shape: [500, 16], init: { kind: 'normal', std: 0.02 }, rowSparse: true });
    s.declare({ name: 'weight', shape: [16, 16], init: { kind: 'normal', std: 0.02 } });
    return s;
  }

  it('a released parameter store (and Adam) leaves its memory to the next one, which starts from zeroed gradients', () => {
    const engine = createEngine({ kernels: 'typescript' });
    const first = store();
    first.materialize(engine, { seed: 1, replicas: 2 });
    const adam = new Adam(engine, { lr: 0.1 });
    adam.prepare(first.params);
    const f = engine.heap.f();
    // Dirty every gradient the way a training step would, then hand everything back.
    for (const p of first.params) f.fill(7, p.grad!.offset, p.grad!.offset + p.grad!.size);
    const top = engine.heap.allocatedElements();
    adam.release();
    first.release();
    const second = store();
    second.materialize(engine, { seed: 2, replicas: 2 });
    new Adam(engine, { lr: 0.1 }).prepare(second.params);
    // The same requests in the same order take the merged span front to back; the last may take a few hundred
    // elements of fresh heap when the list hands out a span whole rather than keep a sliver.
    expect(engine.heap.allocatedElements() - top).toBeLessThan(1024);
    for (const p of second.params) expect(Array.from(p.grad!.data).every((v) => v === 0), p.name).toBe(true);
    const fresh = store();
    fresh.materialize(createEngine({ kernels: 'typescript' }), { seed: 2 });
    expect(Array.from(second.get('weight').value.data)).toEqual(Array.from(fresh.get('weight').value.data));
  });

  it('a trained store gives its gradient sets back and keeps its values; later stores reuse that memory', () => {
    const engine = createEngine({ kernels: 'typescript' });
    const trained = store();
    trained.materialize(engine, { seed: 1, replicas: 2 });
    const values = trained.params.map((p) => Array.from(p.value.data));
    const top = engine.heap.allocatedElements();
    trained.releaseGradients();
    expect(trained.params.every((p) => p.value.grad === undefined && p.tracker === undefined)).toBe(true);
    expect(() => trained.get('weight').grad).toThrow('parameter weight has no gradient buffer');
    expect(trained.params.map((p) => Array.from(p.value.data))).toEqual(values);
    // Both gradient sets (a table, its row marks and the dense block, twice) fit in what was given back.
    const next = store();
    next.materialize(engine, { seed: 2, replicas: 1, shareValues: { table: trained.get('table').value.offset } });
    expect(engine.heap.allocatedElements()).toBe(top);
    // The values only, now (the dense weight and the table; `next` holds the gradient spans it reused).
    const free = engine.heap.freeList.freeElements();
    trained.release();
    expect(engine.heap.freeList.freeElements() - free).toBe(256 + 500 * 16);
  });

  it('gives shared parameters gradient buffers only in the sets asked for, and a store with none has no gradients', () => {
    const engine = createEngine({ kernels: 'typescript' });
    const owner = store();
    owner.materialize(engine, { seed: 1, replicas: 0 });
    expect(owner.params.every((p) => p.value.grad === undefined)).toBe(true);
    const copy = store();
    const before = engine.heap.allocatedElements();
    copy.materialize(engine, { seed: 2, replicas: 2, shareValues: { table: owner.get('table').value.offset }, sharedGradients: [1] });
    // Its own weight (256), two dense gradient blocks, and the shared table's gradient (500 × 16) and row marks
    // (500, aligned to 512) in set 1 only: in both sets, another 8,512.
    expect(engine.heap.allocatedElements() - before).toBe(256 + 2 * 256 + 500 * 16 + 512);
    expect(copy.get('table').value.grad).toBeUndefined();
    expect(copy.get('weight').grad.size).toBe(256);
    copy.useGradients(1);
    expect(copy.get('table').grad.size).toBe(500 * 16);
    copy.zeroGrads(); // skips what has no buffer, in any set
    copy.useGradients(0);
    copy.zeroGrads();
    copy.reduceReplicaGrads();
  });
});

