import type { EvalCase } from '../data/leave-one-out.ts';
import { mixKey, Rng } from '../engine/index.ts';
import { rankWithNewItems } from '../ranking/new-item-slots.ts';
import type { LaterEvents } from './split.ts';
import { meanStd, ndcgAt, type MeanStd } from './summary.ts';

/**
 * What new-item slots (serving's `recommendations(newItems: N)`) cost and give, replayed on the events after the
 * split time: every such event is a list served just before it, of `listLength` items, built by the same code serving
 * uses from the model trained before the split, with 0, 1, 2 … of its places kept for items that model was not
 * trained on. A hit is the event's item in that list.
 *
 * Replay can only count what the logged events reward: the items people found without any slot. It says what a slot
 * costs today in lists followed and what it gains on the new items people went on to pick; it cannot count what the
 * slot's exposure would add (the events a shown item earns, and the next version learning from them). A trial of
 * the setting measures that on live traffic.
 */
export interface NewItemSlotsOptions {
  /** Slot counts to replay, 0 among them (the baseline every other count is paired with). */
  slots: number[];
  /**
   * Also replay each slot count above 0 filled only by new items the user's scores rank within the first R of all
   * (ranking's `within`), once per R: slots spent only where a new item is near the list.
   */
  within?: number[];
  /** Length of each list (recommendations' default `first`: 10). */
  listLength?: number;
  /**
   * Events whose target is not a new item are far more numerous: at most this many, drawn at random once (the same
   * for every seed), stand for them; each stratum is weighted by its share of all events. Every new-item event is kept.
   */
  sample?: number;
  /**
   * At most this many new-item events (drawn the same way): a catalog whose every event is on a new item would
   * otherwise replay all of them. Absent: every one.
   */
  newSample?: number;
  /**
   * Serving adapts users with fewer events than this (FEWSHOT_COLD_THRESHOLD) on their history before ranking; the
   * replay does too, so each list is the one that user would have been served.
   */
  coldThreshold: number;
}

/** One stratum of the replayed events: those whose target is a new item, or the others. */
export interface SlotStratum {
  /** Events replayed (all new-item events; a sample of the others). */
  cases: number;
  /** Of all events after the split time. */
  share: number;
  recall: MeanStd;
  ndcg: MeanStd;
}

/** One way of keeping slots: how many, and (optionally) how near the list a new item must rank to fill one. */
export interface SlotPolicy {
  slots: number;
  within?: number;
}

export interface SlotOutcome extends SlotPolicy {
  /** Over all events after the split, each stratum weighted by its share. */
  recall: MeanStd;
  ndcg: MeanStd;
  newTargets: SlotStratum;
  otherTargets: SlotStratum;
  /** Lists that showed at least one new item (slotted or ranked in on its own). */
  listsWithNewItem: MeanStd;
  /** Against 0 slots, per 1,000 lists: hits on new items gained, hits on other items lost (seeds' mean). */
  per1000Lists: { newItemHitsGained: number; otherHitsLost: number };
  /** Paired against 0 slots per event (seeds averaged per event), strata weighted, with a stratified bootstrap 95% interval. */
  ndcgDifference: { mean: number; ci95: [number, number] };
}

export interface NewItemSlotsReport {
  listLength: number;
  /** Events after the split time with an earlier event of their user, and how many had a new item as target. */
  events: number;
  newItemEvents: number;
  outcomes: SlotOutcome[];
}

/** Every policy the options ask for: each slot count, then each count above 0 with each bound. */
export function slotPolicies({ slots, within = [] }: Pick<NewItemSlotsOptions, 'slots' | 'within'>): SlotPolicy[] {
  return [...slots.map((k) => ({ slots: k })), ...slots.filter((k) => k > 0).flatMap((k) => within.map((r) => ({ slots: k, within: r })))];
}

/** "2 slots", "1 slot within the top 50". */
export function describeSlotPolicy({ slots, within }: SlotPolicy): string {
  return `${slots} slot${slots === 1 ? '' : 's'}${within === undefined ? '' : ` within the top ${within}`}`;
}

/** The events to replay: the new-item ones (all, or a seeded sample of `newSample`), and a seeded sample of the others. */
export function slotReplayCases(later: LaterEvents, sample: number, newSample = Infinity): { newTargets: EvalCase[]; otherTargets: EvalCase[] } {
  const others: number[] = [];
  const news: number[] = [];
  for (let i = 0; i < later.count; i++) (later.isNewTarget(i) ? news : others).push(i);
  const rng = new Rng(mixKey(0x5107, later.count, sample));
  return { newTargets: sampled(news, newSample, rng).map((i) => later.caseAt(i)), otherTargets: sampled(others, sample, rng).map((i) => later.caseAt(i)) };
}

/** `take` of the events (all when there are no more), uniformly, in event order: a partial Fisher–Yates. */
function sampled(events: number[], take: number, rng: Rng): number[] {
  if (take >= events.length) return events;
  for (let i = 0; i < take; i++) {
    const j = rng.int(i, events.length);
    [events[i], events[j]] = [events[j]!, events[i]!];
  }
  return events.slice(0, take).sort((a, b) => a - b);
}

/**
 * Each replayed event's place in its list (0-based; `listLength` when the list missed it), and whether the list
 * showed a new item, per policy. `row` is a case's score row ([numItems + 1], index = item).
 */
export function placeInLists(row: Float32Array, c: EvalCase, isNew: Uint8Array, policies: readonly SlotPolicy[], listLength: number, seen: Uint8Array): Array<{ place: number; showedNew: boolean }> {
  const excluded = c.seen ?? c.history;
  for (const item of excluded) seen[item] = 1;
  seen[c.target] = 0; // a repeat of an earlier item can still be the target (it is never ranked, as in the protocol)
  try {
    const scores = row.subarray(1);
    return policies.map(({ slots, within }) => {
      const list = rankWithNewItems(scores, listLength, slots, (r) => seen[r] === 0, (r) => isNew[r] === 1, { within });
      const place = list.findIndex((entry) => entry.row === c.target);
      return { place: place < 0 ? listLength : place, showedNew: list.some((entry) => isNew[entry.row] === 1) };
    });
  } finally {
    for (const item of excluded) seen[item] = 0;
  }
}

/** Per policy, per seed: each case's place (strata concatenated: new targets first) and whether it showed a new item. */
export interface SlotReplay {
  policies: SlotPolicy[];
  listLength: number;
  events: number;
  newItemEvents: number;
  newCases: number;
  otherCases: number;
  /** places[policyIndex][seed] → Int32Array over cases; shown likewise (1: the list showed a new item). */
  places: Int32Array[][];
  shown: Uint8Array[][];
}

/** Summarises one replay (or several folds' joined by joinReplays). */
export function summarizeSlots(replay: SlotReplay, { resamples = 2000, seed = 11 } = {}): NewItemSlotsReport {
  const { listLength, newCases, otherCases, events, newItemEvents } = replay;
  const newShare = events > 0 ? newItemEvents / events : 0;
  const otherShare = 1 - newShare;
  const base = replay.policies.findIndex((p) => p.slots === 0);
  const hit = (place: number) => (place < listLength ? 1 : 0);
  const meanOver = (values: ArrayLike<number>, from: number, to: number, f: (v: number) => number) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += f(values[i]!);
    return to > from ? sum / (to - from) : 0;
  };
  const perSeed = (s: number, f: (v: number) => number, from: number, to: number) => replay.places[s]!.map((places) => meanOver(places, from, to, f));
  const weighted = (a: number[], b: number[]) => a.map((x, i) => newShare * x + otherShare * b[i]!);
  const ndcg = (place: number) => ndcgAt(place, listLength);
  const outcomes = replay.policies.map((policy, s): SlotOutcome => {
    const recallNew = perSeed(s, hit, 0, newCases);
    const recallOther = perSeed(s, hit, newCases, newCases + otherCases);
    const ndcgNew = perSeed(s, ndcg, 0, newCases);
    const ndcgOther = perSeed(s, ndcg, newCases, newCases + otherCases);
    const shownNew = replay.shown[s]!.map((shown) => meanOver(shown, 0, newCases, (v) => v));
    const shownOther = replay.shown[s]!.map((shown) => meanOver(shown, newCases, newCases + otherCases, (v) => v));
    const baseNew = base >= 0 ? perSeed(base, hit, 0, newCases) : recallNew;
    const baseOther = base >= 0 ? perSeed(base, hit, newCases, newCases + otherCases) : recallOther;
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return {
      ...policy,
      recall: meanStd(weighted(recallNew, recallOther)),
      ndcg: meanStd(weighted(ndcgNew, ndcgOther)),
      newTargets: { cases: newCases, share: round(newShare), recall: meanStd(recallNew), ndcg: meanStd(ndcgNew) },
      otherTargets: { cases: otherCases, share: round(otherShare), recall: meanStd(recallOther), ndcg: meanStd(ndcgOther) },
      listsWithNewItem: meanStd(weighted(shownNew, shownOther)),
      per1000Lists: {
        newItemHitsGained: round(1000 * newShare * (mean(recallNew) - mean(baseNew))),
        otherHitsLost: round(1000 * otherShare * (mean(baseOther) - mean(recallOther))),
      },
      ndcgDifference: base >= 0 ? pairedDifference(replay.places[s]!, replay.places[base]!, ndcg, newCases, otherCases, newShare, resamples, seed) : { mean: 0, ci95: [0, 0] },
    };
  });
  return { listLength, events, newItemEvents, outcomes };
}

/**
 * One replay from several folds' (same policies and seeds): cases joined stratum by stratum, events summed. Each
 * stratum's cases then count alike whichever fold they came from, which is exact for the new-item events (all kept)
 * and close for the others where the folds' samples stand for similar numbers of events.
 */
export function joinReplays(replays: readonly SlotReplay[]): SlotReplay {
  const [first] = replays;
  if (!first) throw new Error('joining needs at least one replay');
  const join = <A extends Int32Array | Uint8Array>(pick: (r: SlotReplay) => A[][], make: (n: number) => A) => first.policies.map((_, s) => pick(first)[s]!.map((_, seed) => {
    const out = make(replays.reduce((sum, r) => sum + r.newCases + r.otherCases, 0));
    let offset = 0;
    for (const r of replays) out.set(pick(r)[s]![seed]!.subarray(0, r.newCases) as never, offset), offset += r.newCases;
    for (const r of replays) out.set(pick(r)[s]![seed]!.subarray(r.newCases) as never, offset), offset += r.otherCases;
    return out;
  }));
  return {
    policies: first.policies,
    listLength: first.listLength,
    events: replays.reduce((sum, r) => sum + r.events, 0),
    newItemEvents: replays.reduce((sum, r) => sum + r.newItemEvents, 0),
    newCases: replays.reduce((sum, r) => sum + r.newCases, 0),
    otherCases: replays.reduce((sum, r) => sum + r.otherCases, 0),
    places: join((r) => r.places, (n) => new Int32Array(n)),
    shown: join((r) => r.shown, (n) => new Uint8Array(n)),
  };
}

/**
 * Mean over all events of (a − b) per event, seeds averaged per event, each stratum weighted by its share; the
 * interval resamples events within each stratum (the sample sizes are fixed by design, not drawn).
 */
function pairedDifference(a: Int32Array[], b: Int32Array[], f: (place: number) => number, newCases: number, otherCases: number, newShare: number, resamples: number, seed: number): { mean: number; ci95: [number, number] } {
  const total = newCases + otherCases;
  const diffs = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let sum = 0;
    for (let s = 0; s < a.length; s++) sum += f(a[s]![i]!) - f(b[s]![i]!);
    diffs[i] = sum / a.length;
  }
  const stratumMean = (from: number, to: number, pick: (i: number) => number) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += diffs[pick(i)]!;
    return to > from ? sum / (to - from) : 0;
  };
  const combine = (newMean: number, otherMean: number) => newShare * newMean + (1 - newShare) * otherMean;
  const mean = combine(stratumMean(0, newCases, (i) => i), stratumMean(newCases, total, (i) => i));
  const rng = new Rng(mixKey(seed, total, newCases));
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    means[r] = combine(stratumMean(0, newCases, () => rng.int(0, newCases)), stratumMean(newCases, total, () => newCases + rng.int(0, otherCases)));
  }
  means.sort();
  return { mean: round(mean), ci95: [round(means[Math.floor(0.025 * resamples)]!), round(means[Math.min(resamples - 1, Math.floor(0.975 * resamples))]!)] };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
