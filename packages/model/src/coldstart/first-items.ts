import type { EvalCase } from '../data/leave-one-out.ts';
import { rankCases } from '../eval/full-ranking.ts';
import { metricsFromRanks } from '../eval/metrics.ts';
import { sameScoresScorer } from '../eval/popularity.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { coldStartSplit, validationFolds, type ColdStartOptions, type ColdStartSplit } from './split.ts';
import { comparePaired, type PairedComparison } from './summary.ts';

/**
 * Which items a user with no history at all gets (a visitor's first page, an account that recorded nothing yet):
 * items ranked by how often they were picked over all time, in the last `days` days of activity (before the split
 * time in training, before the latest event in serving), or among each user's first `events` events ("what new
 * users start with"). Ties, and items the policy never counts, follow all-time counts.
 */
export type FirstItemsPolicy = { kind: 'all-time' } | { kind: 'recent'; days: number } | { kind: 'first-events'; events: number };

/** The policies a training weighs; all-time is the default, kept unless another is better beyond noise. */
export const FIRST_ITEMS_CANDIDATES: readonly FirstItemsPolicy[] = [
  { kind: 'all-time' },
  { kind: 'recent', days: 7 },
  { kind: 'recent', days: 30 },
  { kind: 'recent', days: 90 },
  { kind: 'first-events', events: 1 },
  { kind: 'first-events', events: 5 },
  { kind: 'first-events', events: 10 },
];

/** How a policy reads, e.g. "each user's first 5 events". */
export function describeFirstItems(policy: FirstItemsPolicy): string {
  if (policy.kind === 'recent') return `the last ${policy.days} days`;
  if (policy.kind === 'first-events') return policy.events === 1 ? 'each user\'s first event' : `each user's first ${policy.events} events`;
  return 'all time';
}

/** A policy as the stored report holds it; anything else (an older version's metrics, a typo) reads as all-time. */
export function parseFirstItemsPolicy(value: unknown): FirstItemsPolicy {
  const policy = value as { kind?: unknown; days?: unknown; events?: unknown } | null;
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  if (policy?.kind === 'recent' && positive(policy.days)) return { kind: 'recent', days: policy.days };
  if (policy?.kind === 'first-events' && positive(policy.events)) return { kind: 'first-events', events: policy.events };
  return { kind: 'all-time' };
}

export interface FirstItemsCandidate {
  policy: FirstItemsPolicy;
  label: string;
  /** On the tuning protocol's late old users (validation folds pooled): their first event, ranked from nothing. */
  validation: { ndcg10: number; recall10: number };
  /** The same on the split's new users: reported, never used to choose. */
  newUsers: { ndcg10: number; recall10: number };
  /** This policy − all-time on the validation users, paired per user (NDCG@10). */
  versusAllTime: PairedComparison;
}

export interface FirstItemsReport {
  /** The policy served to users without history while this version is active. */
  chosen: FirstItemsPolicy;
  /** Why that one, in a sentence. */
  reason: string;
  /** Validation users (each old user who arrived in a fold's window) and new users ranked. */
  validationUsers: number;
  newUsers: number;
  folds: number;
  candidates: FirstItemsCandidate[];
}

/**
 * Chooses what users without history get, from the data: each candidate ranks the first event of users who arrived
 * late among the old users (the tuning protocol's validation folds, pooled), from counts over what happened before
 * they arrived. The best candidate replaces all-time popularity only when it beats it per user beyond noise (the
 * paired 95% interval above 0); datasets disagree (on ML-100K each user's first events predict a new user's first
 * pick four times better than all-time counts, on ml-latest-small they predict it worse), so no fixed policy fits all.
 */
export function firstItemsReport(dataset: TimedSequenceDataset, options: ColdStartOptions = {}): FirstItemsReport {
  const folds = foldSplits(dataset, options);
  const test = coldStartSplit(dataset, options);
  const validationCases = folds.map((split) => firstEventCases(split));
  const testCases = firstEventCases(test);
  const ranksOf = (policy: FirstItemsPolicy) => {
    const validation = Int32Array.from(folds.flatMap((split, f) => [...rankFirstEvents(split, policy, validationCases[f]!)]));
    return { validation, newUsers: rankFirstEvents(test, policy, testCases) };
  };
  const allTime = ranksOf({ kind: 'all-time' });
  const candidates = FIRST_ITEMS_CANDIDATES.map((policy): FirstItemsCandidate => {
    const ranks = policy.kind === 'all-time' ? allTime : ranksOf(policy);
    return {
      policy,
      label: describeFirstItems(policy),
      validation: headline(ranks.validation),
      newUsers: headline(ranks.newUsers),
      versusAllTime: comparePaired([ranks.validation], [allTime.validation]),
    };
  });
  const validationUsers = validationCases.reduce((n, cases) => n + cases.length, 0);
  const best = candidates.reduce((a, b) => (b.validation.ndcg10 > a.validation.ndcg10 ? b : a));
  const beyondNoise = best.policy.kind !== 'all-time' && best.versusAllTime.ci95[0] > 0;
  const reason = validationUsers === 0
    ? 'no old user arrived late enough to validate on: all-time counts, the default'
    : beyondNoise
      ? `${best.label} ranked late old users' first pick best (NDCG@10 ${best.validation.ndcg10.toFixed(3)} against all-time ${candidates[0]!.validation.ndcg10.toFixed(3)}, paired 95% interval [${best.versusAllTime.ci95.map((x) => x.toFixed(3)).join(', ')}])`
      : `no policy beat all-time counts on late old users' first pick beyond noise (the best, ${best.label}: ${best.validation.ndcg10.toFixed(3)} against ${candidates[0]!.validation.ndcg10.toFixed(3)})`;
  return {
    chosen: beyondNoise ? best.policy : { kind: 'all-time' },
    reason,
    validationUsers,
    newUsers: testCases.length,
    folds: folds.length,
    candidates,
  };
}

/**
 * Item scores under a policy from a split's training side (old users' events up to the split time): the policy's
 * count plus all-time counts scaled below 1 as the tie-break, so it orders exactly as serving's query does.
 */
export function firstItemsScores(split: ColdStartSplit, policy: FirstItemsPolicy): Float32Array {
  const all = new Float64Array(split.numItems + 1);
  const counted = new Float64Array(split.numItems + 1);
  const since = policy.kind === 'recent' ? split.splitTime - policy.days * 86_400 : -Infinity;
  split.oldSequences.forEach((sequence, u) => {
    const times = split.oldTimes[u]!;
    sequence.forEach((item, e) => {
      all[item]!++;
      if (policy.kind === 'first-events' ? e < policy.events : times[e]! > since) counted[item]!++;
    });
  });
  let most = 0;
  for (const n of all) most = Math.max(most, n);
  return Float32Array.from(counted, (n, item) => (item === 0 ? 0 : (policy.kind === 'all-time' ? all[item]! : n + all[item]! / (most + 1))));
}

/** Each of the split's new users' first event, with nothing before it. */
function firstEventCases(split: ColdStartSplit): EvalCase[] {
  return split.newUsers.map((user, u) => ({ user, history: new Int32Array(0), target: split.newSequences[u]![0]! }));
}

function rankFirstEvents(split: ColdStartSplit, policy: FirstItemsPolicy, cases: readonly EvalCase[]): Int32Array {
  return rankCases(sameScoresScorer(firstItemsScores(split, policy)), cases, split.numItems).masked;
}

/** The tuning protocol's splits: three folds back in time where the data has room, else as many as it has. */
function foldSplits(dataset: TimedSequenceDataset, options: ColdStartOptions): ColdStartSplit[] {
  for (const folds of [3, 2, 1]) {
    try {
      return validationFolds(dataset, folds, options).map((fold) => coldStartSplit(fold.dataset, { ...options, splitTime: fold.splitTime }));
    } catch {
      // Too few old users for this many folds (or for any): try fewer.
    }
  }
  return [];
}

function headline(ranks: Int32Array): { ndcg10: number; recall10: number } {
  if (ranks.length === 0) return { ndcg10: 0, recall10: 0 };
  const metrics = metricsFromRanks(ranks, [10]);
  return { ndcg10: round(metrics.ndcg[10]!), recall10: round(metrics.recall[10]!) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
