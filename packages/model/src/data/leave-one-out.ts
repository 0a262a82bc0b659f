import type { SequenceDataset } from './sequence-dataset.ts';

/** One prediction to evaluate: the user's items before the target, and the target. */
export interface EvalCase {
  user: number;
  history: Int32Array;
  target: number;
  /** Items excluded from the masked ranking when they differ from `history` (default: the history itself). */
  seen?: Int32Array;
}

export interface LeaveOneOutSplit {
  numItems: number;
  /** Per user, the items training may see: everything but the last two (validation and test targets). */
  train: Int32Array[];
  /** Second-to-last item of users with at least 3 items, predicted from the items before it. */
  valid: EvalCase[];
  /** Last item of users with at least 2 items, predicted from all items before it (validation item included). */
  test: EvalCase[];
}

/** Leave-one-out split (RecBole's LS 'valid_and_test' order): train < valid < test per user, in time order. */
export function leaveOneOut(dataset: SequenceDataset): LeaveOneOutSplit {
  const train: Int32Array[] = [];
  const valid: EvalCase[] = [];
  const test: EvalCase[] = [];
  dataset.sequences.forEach((sequence, user) => {
    const n = sequence.length;
    train.push(sequence.slice(0, Math.max(0, n - 2)));
    if (n >= 3) valid.push({ user, history: sequence.slice(0, n - 2), target: sequence[n - 2]! });
    if (n >= 2) test.push({ user, history: sequence.slice(0, n - 1), target: sequence[n - 1]! });
  });
  return { numItems: dataset.numItems, train, valid, test };
}
