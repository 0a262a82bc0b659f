import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../data/leave-one-out.ts';
import { loadDemoTimedRatings } from '../data/testing/demo-ratings.ts';
import { syntheticFeatures, tinyMmlConfig } from '../mml/testing.ts';
import { trainMml } from '../mml/train-mml.ts';
import { ColdStartHarness } from './evaluate.ts';
import { describeSlotPolicy, joinReplays, placeInLists, slotPolicies, slotReplayCases, summarizeSlots, type SlotReplay } from './new-item-slots.ts';
import { coldStartSplit, type LaterEvents } from './split.ts';

/** 12 items, 9–12 new; scores fall with the item, so every new item ranks below the old ones. */
const NUM_ITEMS = 12;
const isNew = Uint8Array.from({ length: NUM_ITEMS + 1 }, (_, item) => (item >= 9 ? 1 : 0));
const row = Float32Array.from({ length: NUM_ITEMS + 1 }, (_, item) => (item === 0 ? 0 : 100 - item));
const policies = (counts: number[]) => counts.map((slots) => ({ slots }));

describe('placeInLists (a served list per slot count)', () => {
  const seen = new Uint8Array(NUM_ITEMS + 1);
  it('places the target where the list shows it, the list length where it misses, with the user\'s items left out', () => {
    // History 1, 2: the list of 4 is 3, 4, 5, 6; with a slot the best new item (9) goes to place 2, 6 drops out.
    const c: EvalCase = { user: 0, history: Int32Array.of(1, 2), target: 5 };
    expect(placeInLists(row, c, isNew, policies([0, 1, 2]), 4, seen)).toEqual([
      { place: 2, showedNew: false }, // 3, 4, 5, 6
      { place: 3, showedNew: true }, // 3, 4, 9, 5
      { place: 4, showedNew: true }, // 3, 9, 10, 4: 5 pushed out
    ]);
    expect(placeInLists(row, { ...c, target: 10 }, isNew, policies([0, 1, 2]), 4, seen).map((p) => p.place)).toEqual([4, 4, 2]);
    // Within the top 7 of the items allowed (3–12): 9 ranks 7th and takes its slot, 10 (8th) does not.
    expect(placeInLists(row, { ...c, target: 10 }, isNew, [{ slots: 2, within: 7 }, { slots: 1, within: 6 }], 4, seen)).toEqual([
      { place: 4, showedNew: true }, // 3, 4, 9, 5
      { place: 4, showedNew: false }, // 3, 4, 5, 6
    ]);
    expect(seen.every((v) => v === 0)).toBe(true); // the mask is left clean for the next case
  });

  it('ranks a repeated item as a target although the history holds it, as the protocol does', () => {
    const c: EvalCase = { user: 0, history: Int32Array.of(3, 1), target: 3 };
    expect(placeInLists(row, c, isNew, policies([0]), 3, seen)).toEqual([{ place: 1, showedNew: false }]); // 2, 3, 4
  });
});

describe('slot policies', () => {
  it('replays each count, then each count above 0 within each bound, and names them', () => {
    expect(slotPolicies({ slots: [0, 1, 2], within: [20, 50] })).toEqual([
      { slots: 0 }, { slots: 1 }, { slots: 2 }, { slots: 1, within: 20 }, { slots: 1, within: 50 }, { slots: 2, within: 20 }, { slots: 2, within: 50 },
    ]);
    expect(slotPolicies({ slots: [0, 1] })).toEqual([{ slots: 0 }, { slots: 1 }]);
    expect([{ slots: 1 }, { slots: 2 }, { slots: 1, within: 50 }].map(describeSlotPolicy)).toEqual(['1 slot', '2 slots', '1 slot within the top 50']);
  });
});

describe('slotReplayCases', () => {
  const later = (targets: boolean[]): LaterEvents => ({
    count: targets.length,
    newTargets: targets.filter(Boolean).length,
    isNewTarget: (i) => targets[i]!,
    caseAt: (i) => ({ user: i, history: Int32Array.of(1), target: i + 2 }),
  });
  it('keeps every new-item event and a seeded sample of the others, in event order, the same every time', () => {
    const events = later(Array.from({ length: 50 }, (_, i) => i % 10 === 0));
    const a = slotReplayCases(events, 7);
    expect(a.newTargets.map((c) => c.user)).toEqual([0, 10, 20, 30, 40]);
    const users = a.otherTargets.map((c) => c.user);
    expect(users).toHaveLength(7);
    expect(users).toEqual([...users].sort((x, y) => x - y));
    expect(users.every((u) => u % 10 !== 0)).toBe(true);
    expect(slotReplayCases(events, 7).otherTargets.map((c) => c.user)).toEqual(users);
    expect(slotReplayCases(events, 1000).otherTargets).toHaveLength(45);
    // New-item events capped too: three of the five, drawn the same every time, in event order.
    const capped = slotReplayCases(events, 7, 3).newTargets.map((c) => c.user);
    expect(capped).toHaveLength(3);
    expect(capped).toEqual([...capped].sort((x, y) => x - y));
    expect(capped.every((u) => u % 10 === 0)).toBe(true);
    expect(slotReplayCases(events, 7, 3).newTargets.map((c) => c.user)).toEqual(capped);
  });
});

describe('summarizeSlots', () => {
  // Two new-item events and four others, one seed; events after the split: 10, 1 of them a new item (share 0.1).
  const replay: SlotReplay = {
    policies: policies([0, 1]),
    listLength: 10,
    events: 10,
    newItemEvents: 1,
    newCases: 2,
    otherCases: 4,
    places: [[Int32Array.of(10, 10, 0, 3, 9, 10)], [Int32Array.of(4, 10, 0, 3, 10, 10)]],
    shown: [[Uint8Array.of(0, 0, 0, 0, 0, 1)], [Uint8Array.of(1, 1, 1, 1, 1, 1)]],
  };
  it('weights each stratum by its share of all events and counts hits gained and lost per 1,000 lists', () => {
    const [none, one] = summarizeSlots(replay, { resamples: 200 }).outcomes;
    expect(none!.newTargets.recall.mean).toBe(0);
    expect(none!.otherTargets.recall.mean).toBe(0.75);
    expect(none!.recall.mean).toBeCloseTo(0.9 * 0.75);
    expect(none!.listsWithNewItem.mean).toBeCloseTo(0.9 * 0.25);
    expect(one!.newTargets.recall.mean).toBe(0.5);
    expect(one!.otherTargets.recall.mean).toBe(0.5);
    expect(one!.recall.mean).toBeCloseTo(0.1 * 0.5 + 0.9 * 0.5);
    expect(one!.listsWithNewItem.mean).toBe(1);
    expect(one!.per1000Lists).toEqual({ newItemHitsGained: 50, otherHitsLost: 225 });
    // NDCG: the new event at place 4 gains 1/log2(6); the other at place 9 loses 1/log2(11).
    const expected = 0.1 * (1 / Math.log2(6)) / 2 - 0.9 * (1 / Math.log2(11)) / 4;
    expect(one!.ndcg.mean - none!.ndcg.mean).toBeCloseTo(expected, 5);
    expect(one!.ndcgDifference.mean).toBeCloseTo(expected, 5);
    const [low, high] = one!.ndcgDifference.ci95;
    expect(low).toBeLessThanOrEqual(expected);
    expect(high).toBeGreaterThanOrEqual(expected);
    expect(none!.ndcgDifference).toEqual({ mean: 0, ci95: [0, 0] });
  });

  it('joins folds stratum by stratum: new-item events first, then the others', () => {
    const joined = joinReplays([replay, { ...replay, events: 20, newItemEvents: 4, places: [[Int32Array.of(1, 2, 3, 4, 5, 6)], [Int32Array.of(7, 8, 9, 10, 10, 10)]] }]);
    expect(joined).toMatchObject({ events: 30, newItemEvents: 5, newCases: 4, otherCases: 8 });
    expect(Array.from(joined.places[0]![0]!)).toEqual([10, 10, 1, 2, 0, 3, 9, 10, 3, 4, 5, 6]);
  });
});

describe('the harness replays the events after the split with each slot count (demo data, tiny model)', () => {
  it('ranks as the item-cold slice does with nobody adapted, and slots only move hits from old items to new ones', async () => {
    const dataset = loadDemoTimedRatings({ maxItems: 600 });
    if (!dataset) return;
    const features = { text: syntheticFeatures(dataset.numItems, 8, 1) };
    // A large adaptation step, so that adapting cold users visibly changes their lists.
    const config = tinyMmlConfig({ pretrain: { epochs: 1 }, meta: { outerSteps: 2 }, fusion: { epochs: 1 }, generator: { epochs: 1 }, bounded: { steps: 3, lr: { id: 1, text: 1 } } });
    const split = coldStartSplit(dataset);
    const options = { ns: [2], headlineN: 2, latencyUsers: 1 };
    const slots = { slots: [0, 1, 3], within: [25], sample: 400 };
    // coldThreshold 0: nobody adapted, as the item-cold slice ranks; 20: as served, and in chunks of mixed procedures.
    const asItemCold = new ColdStartHarness(split, { ...options, newItemSlots: { ...slots, coldThreshold: 0 } });
    const served = new ColdStartHarness(split, { ...options, newItemSlots: { ...slots, coldThreshold: 20 } });
    const servedChunked = new ColdStartHarness(split, { ...options, rankChunk: 37, newItemSlots: { ...slots, coldThreshold: 20 } });
    const trained = await trainMml(served.trainingData(features), config, { keepSnapshots: true });
    try {
      for (const harness of [asItemCold, served, servedChunked]) await harness.evaluate(trained, config.seed);
    } finally {
      await trained.model.close();
    }
    const [plain, report, chunked] = [asItemCold.report(), served.report(), servedChunked.report()];
    const replay = plain.newItemSlots!;
    expect(replay).toMatchObject({ listLength: 10, events: split.laterEvents.count, newItemEvents: split.itemColdCases.length });
    expect(replay.outcomes.map((o) => [o.slots, o.within, o.newTargets.cases, o.otherTargets.cases])).toEqual(
      [[0], [1], [3], [1, 25], [3, 25]].map(([k, r]) => [k, r, split.itemColdCases.length, 400]),
    );
    // Without slots and without adaptation a new-item event is hit exactly when the item-cold slice ranks it in the top 10.
    expect(replay.outcomes[0]!.newTargets.recall.mean).toBeCloseTo(plain.slices['item-cold']!.mml!['recall@10']!.mean, 5);
    expect(report.newItemSlots).toEqual(chunked.newItemSlots);
    expect(report.newItemSlots).not.toEqual(replay); // adapting cold users changes their lists
    for (const r of [replay, report.newItemSlots!]) {
      const [none, one, three] = r.outcomes;
      // A slot never removes a new item nor adds an old one: new-item hits can only rise and others only fall.
      expect(one!.newTargets.recall.mean).toBeGreaterThanOrEqual(none!.newTargets.recall.mean);
      expect(three!.newTargets.recall.mean).toBeGreaterThanOrEqual(one!.newTargets.recall.mean);
      expect(one!.otherTargets.recall.mean).toBeLessThanOrEqual(none!.otherTargets.recall.mean);
      expect(three!.otherTargets.recall.mean).toBeLessThanOrEqual(one!.otherTargets.recall.mean);
      // More lists show one (not all: this slice has 4 new items, and some users have had all of them).
      expect(one!.listsWithNewItem.mean).toBeGreaterThan(none!.listsWithNewItem.mean);
      expect(three!.listsWithNewItem.mean).toBeGreaterThanOrEqual(one!.listsWithNewItem.mean);
      expect(three!.newTargets.recall.mean).toBeGreaterThan(none!.newTargets.recall.mean);
      // Bounded to new items ranked within the top 25: between no slots and unbounded ones, on both kinds of event.
      const [, , , oneNear, threeNear] = r.outcomes;
      for (const [near, free] of [[oneNear!, one!], [threeNear!, three!]] as const) {
        expect(near.newTargets.recall.mean).toBeGreaterThanOrEqual(none!.newTargets.recall.mean);
        expect(near.newTargets.recall.mean).toBeLessThanOrEqual(free.newTargets.recall.mean);
        expect(near.otherTargets.recall.mean).toBeGreaterThanOrEqual(free.otherTargets.recall.mean);
        expect(near.listsWithNewItem.mean).toBeLessThanOrEqual(free.listsWithNewItem.mean);
      }
      expect(oneNear!.listsWithNewItem.mean).toBeLessThan(one!.listsWithNewItem.mean);
    }
    expect(Object.keys(report.stageSeconds)).toContain('eval:new-item-slots');
  }, 120_000);

  it('refuses slot counts it cannot compare', () => {
    const split = coldStartSplit(loadDemoTimedRatings({ maxItems: 200 }) ?? { numItems: 3, sequences: [Int32Array.of(1, 2, 3, 1), Int32Array.of(2, 3, 1, 2)], timestamps: [Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8)] });
    const options = { ns: [2], headlineN: 2 };
    expect(() => new ColdStartHarness(split, { ...options, newItemSlots: { slots: [1, 2], coldThreshold: 20 } })).toThrow('must include 0');
    expect(() => new ColdStartHarness(split, { ...options, newItemSlots: { slots: [0, 11], coldThreshold: 20 } })).toThrow('from 0 to the list length (10)');
    expect(() => new ColdStartHarness(split, { ...options, newItemSlots: { slots: [0, 1, 1], coldThreshold: 20 } })).toThrow('listed twice');
    expect(() => new ColdStartHarness(split, { ...options, newItemSlots: { slots: [0, 1], within: [0], coldThreshold: 20 } })).toThrow('whole numbers ≥ 1; got 0');
  });
});
