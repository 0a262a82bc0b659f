import type { EvalCase } from '../data/leave-one-out.ts';
import { mixKey, Rng } from '../engine/index.ts';
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
  /** Each sequence's event times, where known (only `pretrain.shuffleTies` reads them). */
  times?: Float64Array[];
  /** [numItems + 1, size] per modality, zero rows for items without a vector. Absent modalities train no learner. */
  features: Partial<Record<'text' | 'image', FeatureTableInput>>;
}

/** The training data split the way every stage uses it. */
export interface PreparedData {
  numItems: number;
  /** Each sequence without its last event: what the learners and the generator train on. */
  train: Int32Array[];
  /** The times of `train`'s events, where the data has times. */
  trainTimes?: Float64Array[];
  /** The held-out last event of each user with ≥ 4 events, predicted from everything before it. */
  holdout: EvalCase[];
  /** Fusion tasks: a cold-user-like window before each held-out event (support, then the case). */
  fusionTasks: AdaptTask[];
  /** Items no training sequence contains: the generator writes their ID rows. */
  coldItems: Int32Array;
}

/** Where the fusion's training samples come from (see MmlConfig.fusion.samples). */
export interface FusionSampling {
  samples: 'last' | 'early';
  /** 'last': the support before each held-out last event; 'early': the longest history an early sample may have. */
  supportLength: number;
  /** Keep at most this many fusion tasks, chosen by the seed (all when there are fewer). */
  maxSamples?: number;
  seed: number;
}

/**
 * Splits the training sequences for the stages: each user's last event is held out (validation of every stage).
 * The fusion learns from events the learners never trained on: with 'last', the held-out last event after a short
 * window; with 'early', one event early in each history (after 4 to supportLength + 1 events, like a cold user's
 * next item), removed from the training sequence so it stays unseen.
 */
export function prepareData(data: MmlTrainingData, sampling: FusionSampling): PreparedData {
  validateDataset(data);
  const { times } = data;
  if (times && times.length !== data.sequences.length) throw new Error(`${times.length} users' event times for ${data.sequences.length} sequences`);
  times?.forEach((stamps, user) => {
    if (stamps.length !== data.sequences[user]!.length) throw new Error(`user ${user}: ${stamps.length} event times for ${data.sequences[user]!.length} events`);
  });
  const train: Int32Array[] = [];
  const trainTimes: Float64Array[] = [];
  const holdout: EvalCase[] = [];
  const fusionTasks: AdaptTask[] = [];
  const rng = new Rng(mixKey(sampling.seed, 0xea71, 0));
  data.sequences.forEach((sequence, user) => {
    const m = sequence.length;
    const stamps = times?.[user];
    if (m < 4) {
      train.push(sequence);
      if (stamps) trainTimes.push(stamps);
      return;
    }
    const target = sequence[m - 1]!;
    holdout.push({ user, history: sequence.subarray(0, m - 1), target });
    const lastK = Math.min(sampling.supportLength + 1, m - 3);
    if (sampling.samples === 'early' && lastK >= 4) {
      // Event k (0-based) is the sample: history s0..s(k−1), support without its last item, as for a new user.
      const k = rng.int(4, lastK + 1);
      const history = sequence.subarray(0, k);
      fusionTasks.push({ support: sequence.subarray(0, k - 1), cases: [{ user, history, target: sequence[k]!, seen: history }] });
      const rest = new Int32Array(m - 2);
      rest.set(sequence.subarray(0, k));
      rest.set(sequence.subarray(k + 1, m - 1), k);
      train.push(rest);
      if (stamps) {
        const restTimes = new Float64Array(m - 2);
        restTimes.set(stamps.subarray(0, k));
        restTimes.set(stamps.subarray(k + 1, m - 1), k);
        trainTimes.push(restTimes);
      }
      return;
    }
    train.push(sequence.subarray(0, m - 1));
    if (stamps) trainTimes.push(stamps.subarray(0, m - 1));
    // Like a new user at n = supportLength + 2: support s1..sL, then s1..s(L+1) → s(L+2).
    const start = Math.max(0, m - 2 - sampling.supportLength);
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
  return { numItems: data.numItems, train, ...(times ? { trainTimes } : {}), holdout, fusionTasks: atMost(fusionTasks, sampling), coldItems: Int32Array.from(coldItems) };
}

/** The fusion tasks, or a seeded choice of maxSamples of them in their original order. */
function atMost(tasks: AdaptTask[], { maxSamples, seed }: FusionSampling): AdaptTask[] {
  if (maxSamples === undefined || tasks.length <= maxSamples) return tasks;
  // Its own stream: datasets under the cap draw exactly what they drew before it existed.
  const chosen = new Rng(mixKey(seed, 0xf5a3, 0)).shuffle([...tasks.keys()]).slice(0, maxSamples).sort((a, b) => a - b);
  return chosen.map((i) => tasks[i]!);
}
