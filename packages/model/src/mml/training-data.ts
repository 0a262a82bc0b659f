import type { EvalCase } from '../data/leave-one-out.ts';
import { validateDataset } from '../data/sequence-dataset.ts';
import type { FeatureTableInput } from '../ieg/generator-features.ts';
import type { AdaptTask } from '../meta/task-ops.ts';

/**
 * What MML trains on: the time-ordered item sequences of the users it may learn from (cold-start v1: old users'
 * events up to the split time) and the item feature tables, all indexed by item (1..numItems, 0 = padding).
 */
export interface MmlTrainingData {
  numItems: number;
  sequences: Int32Array[];
  /** [numItems + 1, size] per modality, zero rows for items without a vector. Absent modalities train no learner. */
  features: Partial<Record<'text' | 'image', FeatureTableInput>>;
}

/** The training data split the way every stage uses it. */
export interface PreparedData {
  numItems: number;
  /** Each sequence without its last event: what the learners and the generator train on. */
  train: Int32Array[];
  /** The held-out last event of each user with ≥ 4 events, predicted from everything before it. */
  holdout: EvalCase[];
  /** Fusion tasks: a cold-user-like window before each held-out event (support, then the case). */
  fusionTasks: AdaptTask[];
  /** Items no training sequence contains: the generator writes their ID rows. */
  coldItems: Int32Array;
}

export function prepareData(data: MmlTrainingData, supportLength: number): PreparedData {
  validateDataset(data);
  const train: Int32Array[] = [];
  const holdout: EvalCase[] = [];
  const fusionTasks: AdaptTask[] = [];
  data.sequences.forEach((sequence, user) => {
    const m = sequence.length;
    if (m < 4) {
      train.push(sequence);
      return;
    }
    train.push(sequence.subarray(0, m - 1));
    const target = sequence[m - 1]!;
    holdout.push({ user, history: sequence.subarray(0, m - 1), target });
    // Like a new user at n = supportLength + 2: support s1..sL, then s1..s(L+1) → s(L+2).
    const start = Math.max(0, m - 2 - supportLength);
    fusionTasks.push({
      support: sequence.subarray(start, m - 2),
      cases: [{ user, history: sequence.subarray(start, m - 1), target, seen: sequence.subarray(0, m - 1) }],
    });
  });
  const seen = new Uint8Array(data.numItems + 1);
  for (const sequence of train) for (const item of sequence) seen[item] = 1;
  const coldItems: number[] = [];
  for (let item = 1; item <= data.numItems; item++) if (!seen[item]) coldItems.push(item);
  if (holdout.length === 0) throw new Error('no user has 4 or more events: MML needs held-out events to validate on');
  return { numItems: data.numItems, train, holdout, fusionTasks, coldItems: Int32Array.from(coldItems) };
}
