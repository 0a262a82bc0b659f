import type { EvalCase } from '../data/leave-one-out.ts';
import { validateTimedDataset, type TimedSequenceDataset } from './dataset.ts';

/** The knobs of "cold-start v1" (mml-method.md); the defaults are the protocol. */
export interface ColdStartOptions {
  /** Split time T = this quantile of users' first-interaction times (0.8). */
  quantile?: number;
  /** Split at this time instead of at the quantile (validation folds set it). */
  splitTime?: number;
  /** Users with fewer events are dropped from both sides (4: train, validation and test need them). */
  minEvents?: number;
}

/**
 * A time split into old users (first event ≤ T; only their events ≤ T are ever trained on) and new users (first
 * event > T; each one is a few-shot task). Item indices are unchanged, so items no old user touched before T
 * ("new items") exist in every table and can still be ranked.
 */
export interface ColdStartSplit {
  numItems: number;
  /** The split time T (same unit as the timestamps). */
  splitTime: number;
  /** Dataset user indices of old users, and their events with time ≤ T (the only training data). */
  oldUsers: number[];
  oldSequences: Int32Array[];
  /** The times of those events (aligned with oldSequences). */
  oldTimes: Float64Array[];
  /** Dataset user indices of new users, and their whole time-ordered sequences. */
  newUsers: number[];
  newSequences: Int32Array[];
  /** The times of those events (aligned with newSequences). */
  newTimes: Float64Array[];
  /** 1 for items with no old-user event ≤ T ([numItems + 1], index 0 unused). */
  newItems: Uint8Array;
  /** Every event after T, of any kept user, whose target is a new item; history = the user's earlier events. */
  itemColdCases: EvalCase[];
  /** Every event after T of any kept user with an earlier event (the targets lists were served for), as cases on demand. */
  laterEvents: LaterEvents;
}

/**
 * The events after T, each a case (history = the user's earlier events) made only when asked for: tens of thousands
 * of histories copied at once would cost far more memory than the few a measurement samples.
 */
export interface LaterEvents {
  count: number;
  /** How many of them have a new item as their target (the itemColdCases). */
  newTargets: number;
  /** Whether event i's target is a new item. */
  isNewTarget(i: number): boolean;
  caseAt(i: number): EvalCase;
}

/**
 * Splits a dataset by time as cold-start v1 prescribes: T = the `quantile` of users' first-interaction times
 * (linear interpolation between order statistics, numpy's default), old users = first event ≤ T.
 */
export function coldStartSplit(dataset: TimedSequenceDataset, { quantile = 0.8, minEvents = 4, splitTime: at }: ColdStartOptions = {}): ColdStartSplit {
  validateTimedDataset(dataset);
  const kept = keptUsers(dataset, minEvents);
  if (kept.length < 2) throw new Error(`the cold-start split needs at least two users with ${minEvents} or more events, found ${kept.length}`);
  const splitTime = at ?? quantileOf(kept.map((user) => dataset.timestamps[user]![0]!), quantile);
  const oldUsers: number[] = [];
  const oldSequences: Int32Array[] = [];
  const oldTimes: Float64Array[] = [];
  const newUsers: number[] = [];
  const newSequences: Int32Array[] = [];
  const newTimes: Float64Array[] = [];
  const newItems = new Uint8Array(dataset.numItems + 1).fill(1);
  newItems[0] = 0;
  for (const user of kept) {
    const sequence = dataset.sequences[user]!;
    const times = dataset.timestamps[user]!;
    if (times[0]! <= splitTime) {
      const before = countAtMost(times, splitTime);
      const events = sequence.slice(0, before);
      for (const item of events) newItems[item] = 0;
      oldUsers.push(user);
      oldSequences.push(events);
      oldTimes.push(times.slice(0, before));
    } else {
      newUsers.push(user);
      newSequences.push(sequence.slice());
      newTimes.push(times.slice());
    }
  }
  if (newUsers.length === 0) throw new Error('no user starts after the split time: the data has no cold-start users to evaluate');
  const itemColdCases: EvalCase[] = [];
  const laterUsers: number[] = [];
  const laterPositions: number[] = [];
  for (const user of kept) {
    const sequence = dataset.sequences[user]!;
    const times = dataset.timestamps[user]!;
    for (let i = Math.max(1, countAtMost(times, splitTime)); i < sequence.length; i++) {
      laterUsers.push(user);
      laterPositions.push(i);
      if (newItems[sequence[i]!]) itemColdCases.push({ user, history: sequence.slice(0, i), target: sequence[i]! });
    }
  }
  const targetOf = (i: number) => dataset.sequences[laterUsers[i]!]![laterPositions[i]!]!;
  const laterEvents: LaterEvents = {
    count: laterUsers.length,
    newTargets: itemColdCases.length,
    isNewTarget: (i) => newItems[targetOf(i)] === 1,
    caseAt: (i) => ({ user: laterUsers[i]!, history: dataset.sequences[laterUsers[i]!]!.slice(0, laterPositions[i]!), target: targetOf(i) }),
  };
  return { numItems: dataset.numItems, splitTime, oldUsers, oldSequences, oldTimes, newUsers, newSequences, newTimes, newItems, itemColdCases, laterEvents };
}

/** numpy.quantile(values, q) with the default linear interpolation. */
export function quantileOf(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of no values');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function keptUsers(dataset: TimedSequenceDataset, minEvents: number): number[] {
  return dataset.sequences.map((s, user) => user).filter((user) => dataset.sequences[user]!.length >= minEvents);
}

function countAtMost(times: Float64Array, t: number): number {
  let n = 0;
  while (n < times.length && times[n]! <= t) n++;
  return n;
}

/**
 * The tuning protocol: old users' pre-split data alone, to be split again the same way, so its "new users" are old
 * users who arrived late. Settings chosen on it never see a real new user's events (mml-method.md: tune on a
 * validation split carved from old users).
 */
export function validationDataset(dataset: TimedSequenceDataset, options: ColdStartOptions = {}): TimedSequenceDataset {
  const split = coldStartSplit(dataset, options);
  return {
    numItems: dataset.numItems,
    sequences: split.oldSequences,
    timestamps: split.oldTimes,
  };
}

/** One fold of the rolling tuning protocol: a dataset of old users' pre-split data and the time to split it at. */
export interface ValidationFold {
  /** 1 = the latest window (the single-fold tuning protocol), then further back in time. */
  fold: number;
  /** Old users' pre-split data, with users who arrive after this fold's window left out (empty sequences). */
  dataset: TimedSequenceDataset;
  /** This fold's split time: its "new users" are the old users whose first event lies in (splitTime, windowEnd]. */
  splitTime: number;
  windowEnd: number;
}

/**
 * The tuning protocol repeated back in time (rolling origin), so settings are chosen on several times more users
 * than the late old users alone give: fold f's "new users" are the old users whose first event falls in the f-th
 * window of width 1 − quantile (in quantiles of old users' first times) counted back from T, and it trains only on
 * what happened before that window: users who arrive later are left out, everyone's events after it are cut. Fold 1
 * is exactly validationDataset's split. Each user is a "new user" in at most one fold.
 *
 * Why: with one fold (151 late old users on ML-100K) paired intervals were ±0.025 NDCG@10, and twice a setting that
 * won on it lost on the real new users (the #8 notes); three folds pool about 450 users and three trainings.
 */
export function validationFolds(dataset: TimedSequenceDataset, folds: number, options: ColdStartOptions = {}): ValidationFold[] {
  const quantile = options.quantile ?? 0.8;
  const minEvents = options.minEvents ?? 4;
  const width = 1 - quantile;
  const maxFolds = Math.floor(quantile / width + 1e-9);
  if (!Number.isInteger(folds) || folds < 1) throw new Error(`folds must be a whole number ≥ 1, got ${folds}`);
  if (folds > maxFolds) throw new Error(`windows of ${width.toFixed(2)} of old users leave room for at most ${maxFolds} validation fold${maxFolds === 1 ? '' : 's'} (the earliest fold needs users to train on), got ${folds}`);
  const old = validationDataset(dataset, options);
  const firsts = keptUsers(old, minEvents).map((user) => old.timestamps[user]![0]!);
  if (firsts.length < 2) throw new Error(`the validation folds need at least two old users with ${minEvents} or more events, found ${firsts.length}`);
  return Array.from({ length: folds }, (_, i) => {
    const windowEnd = i === 0 ? Infinity : quantileOf(firsts, 1 - width * i);
    const splitTime = quantileOf(firsts, 1 - width * (i + 1));
    const arrived = (user: number) => old.sequences[user]!.length > 0 && old.timestamps[user]![0]! <= windowEnd;
    return {
      fold: i + 1,
      dataset: {
        numItems: old.numItems,
        sequences: old.sequences.map((s, user) => (arrived(user) ? s : new Int32Array(0))),
        timestamps: old.timestamps.map((t, user) => (arrived(user) ? t : new Float64Array(0))),
      },
      splitTime,
      windowEnd,
    };
  });
}
