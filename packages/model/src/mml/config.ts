import type { SasRecConfig } from '../sasrec/config.ts';
import type { TaskWindows } from '../meta/meta-train.ts';
import type { WindowAnchor } from '../data/windows.ts';

/** The learners MML trains, one per modality; 'text' and 'image' exist only where item features do. */
export type LearnerName = 'id' | 'text' | 'image';
export const LEARNER_NAMES: readonly LearnerName[] = ['id', 'text', 'image'];

/** A learner's plain-SGD adaptation to one user: steps over the support, at a learning rate per learner. */
export interface AdaptationConfig {
  steps: number;
  lr: Record<LearnerName, number>;
  /** Dropout while adapting (the support is a handful of items: dropout makes each step noisier). */
  dropout: boolean;
}

/** The adaptation served online: AdaptationConfig, and from how many events on a user is adapted to at all. */
export interface BoundedAdaptationConfig extends AdaptationConfig {
  /**
   * Serving adapts a user's local modules only once their history holds this many events (at least 2: one
   * prefix → next sample); shorter histories are scored by the meta-learned model as it is. The evaluation ranks
   * `mml` the same way at every n (n − 1 events known). Training (the fusion's inputs) does not read it.
   */
  minHistory: number;
}

/**
 * Everything that shapes a trained MML model. Defaults are the method's (mml-method.md) unless the comment gives
 * the measurement on old-user validation that moved them; `fewshot eval` reports what a change does.
 */
export interface MmlConfig {
  /** SASRec settings shared by the three learners (numItems and learner kind come from the data). */
  sasrec: Partial<Omit<SasRecConfig, 'numItems' | 'learner'>>;
  /**
   * The text and image learners' feature tables: 'trainable' (the method: rows start at the features and train
   * with everything else) or 'frozen' (E_j = Linear(feature_j) with the features as given, so every item, new or
   * old, is scored through the same projection, as onboarding scores an item added after training). Trainable rows
   * of items without training data only ever act as negatives, so they learn to score low. Frozen, with new items
   * scored by every learner (fusion.coldItems 'fused'), lost on the tuning protocol both on item-cold events (mml
   * NDCG@10 0.0050 → 0.0006) and on late old users (n = 10: 0.1690 → 0.1446); the model README has the run.
   */
  featureTable: 'trainable' | 'frozen';
  pretrain: {
    epochs: number;
    batchSize: number;
    lr: number;
    /** Validate on old users' held-out last items every n epochs, keeping the best epoch. */
    validateEvery: number;
    /** Keep a moving average of the weights (this decay per step) and validate and keep it instead (0: off). */
    averageDecay: number;
    /**
     * Where an old user's long sequence is cut into training windows: 'end' (from the latest event back) or 'start'
     * (from the first event on, so positions count events since the user's first, as they do for a new user).
     */
    windowAnchor: WindowAnchor;
    /**
     * Train each epoch on the sequences with events of equal timestamps in a fresh random order (the data's order
     * within a timestamp is arbitrary); needs the training data's times and does nothing without them.
     */
    shuffleTies: boolean;
    /**
     * With shuffleTies: events at most this many seconds after the one before them join its run (0: only events of
     * the same second), so that consecutive pages of one sitting are shuffled together.
     */
    tieGapSeconds: number;
  };
  meta: {
    /** Skip stage 1's meta-learning (pretrained learners only): an ablation. */
    enabled: boolean;
    outerSteps: number;
    metaBatch: number;
    outerLr: Record<LearnerName, number>;
    inner: AdaptationConfig;
    windows: TaskWindows;
    includeGlobal: boolean;
    /** Put each task's events of equal times (pretrain.tieGapSeconds) in a fresh random order, as pretraining does. */
    shuffleTies: boolean;
  };
  generator: {
    enabled: boolean;
    neighbours: number;
    epochs: number;
    lr: number;
    probability: number;
  };
  fusion: {
    mlpSize: number;
    epochs: number;
    batchSize: number;
    lr: number;
    validationShare: number;
    /**
     * Which held-out events the fusion learns from: 'last' (each old user's last event, after a window of
     * supportLength events) or 'early' (one event after 4..supportLength + 1 events, withheld from the learners'
     * training, so the samples look like cold users).
     */
    samples: 'last' | 'early';
    /** Support length of the old-user tasks the fusion learns from (cold users have short histories). */
    supportLength: number;
    /**
     * At most this many old users' samples (a seeded choice among them): each holds every learner's score of every
     * item, so 20,000 users of a 30,000-item catalog would need 7 GB for three learners.
     */
    maxSamples: number;
    /** Train the per-item gain and bias of the item-axis LayerNorm (the method), or keep them at 1 and 0. */
    learnItemAffine: boolean;
    /**
     * 'validated': the trained per-user gates replace equal weights only when they rank the fusion's held-out
     * samples better (paired bootstrap); 'trained': always keep them (the method as published). See trainFusion.
     */
    selection: 'validated' | 'trained';
    /**
     * How items without training data (new at training time, or added after it) are scored, where the model has a
     * generator: 'generator' (by the ID learner's row that the generator wrote, standing in for every learner: their
     * text and image rows only ever acted as negatives in training, so those learners rank them near the bottom) or
     * 'fused' (every learner's score, as for every other item: the method as published).
     */
    coldItems: 'generator' | 'fused';
  };
  /** The bounded per-user adaptation served online (and used for the fusion's training inputs). */
  bounded: BoundedAdaptationConfig;
  /** The paper's meta-test: up to `steps` epochs of SGD, the epoch picked by MRR@10 on the validation item. */
  paper: AdaptationConfig;
  seed: number;
  /** Training threads (both cores by default). */
  threads: number;
  /**
   * The most memory the training engine's heap may take, in MB: 4,096, all that WebAssembly (wasm32) allows, or
   * less where a host must keep training's memory down. A training that needs more stops saying so, and what would
   * make the catalog fit (trainMml).
   */
  heapMegabytes: number;
}

export const DEFAULT_MML_CONFIG: MmlConfig = {
  sasrec: {
    // Softmax cross-entropy over all items instead of BPR with one negative: on old-user validation (ML-100K,
    // cold-start v1) the ID learner's NDCG@10 rose from 0.086 to 0.10, and on new users from 0.136 to 0.167.
    loss: 'ce',
    // The user's own earlier items leave each position's softmax, as ranking leaves them out. On the folds (seed 1)
    // mml +0.012 / +0.002 / +0.013 [0.002, 0.026] at n = 5 / 10 / 20; on new users (3 seeds) +0.018 [0.005, 0.032] /
    // +0.017 [0.003, 0.032] / +0.015 (n = 10: 0.1685 → 0.1857), every learner and SASRec up. The model README has more.
    maskHistoryInLoss: true,
  },
  featureTable: 'trainable',
  // windowAnchor 'start' (positions count events since a user's first, as for new users) won on the tuning protocol
  // (`eval --validation --folds 3`, seed 1, n = 10: mml 0.1565 → 0.1665, +0.010 [0.000, 0.020] paired; SASRec +0.013),
  // but on new users (3 seeds) it left mml level at n = 5 and 10 (+0.001) and lowered it at n = 20 (−0.014 [−0.026,
  // −0.003]), SASRec −0.008 at n = 10; the folds themselves were level at n = 5 (−0.003) and n = 20 (−0.002). Kept 'end'.
  // shuffleTies: the data lists events of the same second in no meaningful order, so each epoch trains on a fresh one.
  // On the tuning protocol (3 folds, seed 1, paired) mml +0.009 / +0.011 [0.001, 0.022] / −0.006 at n = 5 / 10 / 20; on
  // new users (3 seeds) +0.003 / +0.005 / −0.010 [−0.021, −0.000] (n = 10: 0.1632 → 0.1685). The model README has more.
  // tieGapSeconds 60 (shuffling most of a sitting, not just a page) lowered every learner on the folds at n = 10 (mml
  // −0.009 [−0.023, 0.005]): the order of pages carries information. Kept at 0.
  pretrain: { epochs: 50, batchSize: 128, lr: 1e-3, validateEvery: 5, averageDecay: 0, windowAnchor: 'end', shuffleTies: true, tieGapSeconds: 0 },
  meta: {
    enabled: true,
    outerSteps: 400,
    metaBatch: 32, // tens of users per outer step, many steps (the authors' 2,048 exceeded ML-100K's old users)
    outerLr: { id: 1e-4, text: 1e-4, image: 1e-4 },
    // 0.1 won on the tuning protocol (ML-100K seeds 1–2, n = 10: NDCG@10 0.168 → 0.176) but lost on new users
    // (3 seeds: 0.163 → 0.146, below SASRec's 0.160): late old users do not stand in for new ones here. Kept at 0.01.
    // Three folds back in time (452 old users, `eval --validation --folds 3`) preferred 0.1 too (+0.009 [−0.005,
    // 0.023], paired), so the disagreement is not the single fold's sample size: old users and new users answer the
    // adaptation's strength differently on this data (SASRec fine-tuning at 0.1: +0.003 on the folds, −0.029 on new users).
    inner: { steps: 5, lr: { id: 0.01, text: 0.01, image: 0.01 }, dropout: true },
    windows: { min: 3, max: 20, anchor: 'start' }, // tasks that look like cold users: a user's first events
    // Outer steps move the local modules only; item tables stay as pretrained. With them moving too, held-out query
    // loss rose during meta-training (ML-100K, ID learner 6.557 → 6.587) and the stage took 3× as long.
    includeGlobal: false,
    shuffleTies: false,
  },
  generator: { enabled: true, neighbours: 10, epochs: 10, lr: 1e-3, probability: 0.15 },
  fusion: {
    mlpSize: 128,
    epochs: 100,
    batchSize: 64,
    lr: 1e-3,
    validationShare: 0.2,
    samples: 'last',
    supportLength: 8,
    // ML-100K and the demo catalog have 754 and 671 old users: every one is kept. 2,048 samples of a 60,000-item
    // catalog take 1.5 GB with three learners.
    maxSamples: 2048,
    // 2 × 1,682 per-item parameters learned from ~600 held-out events overfit at once: on the tuning protocol
    // (ML-100K, one model, n = 5/10/20) fixed ones gave NDCG@10 0.253/0.167/0.157 against 0.221/0.145/0.125.
    learnItemAffine: false,
    // Trained gates lost to equal weights on every check (ML-100K, seed 1: new users' NDCG@10 0.154 against 0.165;
    // on the tuning protocol 0.156 against 0.163, over 16 fusion variants none beat equal weights beyond noise).
    selection: 'validated',
    // On ML-100K (seed 1) 'fused' ranked the targets of the 143 item-cold events at median 1,028 of 1,682 (NDCG@10
    // 0.002) though the ID learner alone put them at 158: the text and image learners' scores sank them. 'generator'
    // gave 0.039 (median 162) and left every new user's rank unchanged at n = 5, 10 and 20. The README has the seeds.
    coldItems: 'generator',
  },
  // minHistory 3: with two events known, adapting on their one sample (the first → the second) lowered the next
  // pick's NDCG@10 on the tuning protocol (ML-100K, 3 folds, 452 late old users: 0.205 against 0.220 without it,
  // paired 95% interval [−0.031, −0.001]; new users, seed 1: 0.209 against 0.237). With three or more the
  // adaptation is kept: the protocol's n ≥ 4 measure it at +0.007 to +0.009 (packages/model/README.md).
  bounded: { steps: 5, lr: { id: 0.01, text: 0.01, image: 0.01 }, dropout: false, minHistory: 3 },
  paper: { steps: 50, lr: { id: 0.3, text: 0.5, image: 0.07 }, dropout: true },
  seed: 42,
  threads: 2,
  heapMegabytes: 4096,
};

/**
 * `base` (default: the defaults) with overrides from the CLI, a job, or a test merged in: objects merge key by key,
 * arrays and values replace.
 */
export function mmlConfig(overrides: DeepPartial<MmlConfig> = {}, base: MmlConfig = DEFAULT_MML_CONFIG): MmlConfig {
  return merge(base, overrides) as MmlConfig;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof override !== 'object' || override === null) return override;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) out[key] = merge((base as Record<string, unknown>)[key], value);
  return out;
}

/**
 * Refuses settings no run could use, naming the setting: a typo caught here costs nothing, one caught after an
 * hour of pretraining costs the hour.
 */
export function validateMmlConfig(config: MmlConfig): void {
  const problems: string[] = [];
  const integer = (value: number, name: string, min: number) => {
    if (!Number.isInteger(value) || value < min) problems.push(`${name} must be a whole number ≥ ${min}, got ${value}`);
  };
  const positive = (value: number, name: string) => {
    if (!(value > 0) || !Number.isFinite(value)) problems.push(`${name} must be a positive number, got ${value}`);
  };
  integer(config.pretrain.epochs, 'pretrain.epochs', 1);
  integer(config.pretrain.batchSize, 'pretrain.batchSize', 1);
  positive(config.pretrain.lr, 'pretrain.lr');
  integer(config.pretrain.validateEvery, 'pretrain.validateEvery', 0);
  if (config.pretrain.windowAnchor !== 'end' && config.pretrain.windowAnchor !== 'start') problems.push(`pretrain.windowAnchor must be 'end' or 'start', got ${JSON.stringify(config.pretrain.windowAnchor)}`);
  if (typeof config.pretrain.shuffleTies !== 'boolean') problems.push(`pretrain.shuffleTies must be true or false, got ${JSON.stringify(config.pretrain.shuffleTies)}`);
  if (!(config.pretrain.tieGapSeconds >= 0)) problems.push(`pretrain.tieGapSeconds must be 0 or more, got ${JSON.stringify(config.pretrain.tieGapSeconds)}`);
  if (typeof config.meta.shuffleTies !== 'boolean') problems.push(`meta.shuffleTies must be true or false, got ${JSON.stringify(config.meta.shuffleTies)}`);
  if (!(config.pretrain.averageDecay >= 0 && config.pretrain.averageDecay < 1)) problems.push(`pretrain.averageDecay must be in [0, 1), got ${config.pretrain.averageDecay}`);
  integer(config.meta.outerSteps, 'meta.outerSteps', 1);
  integer(config.meta.metaBatch, 'meta.metaBatch', 1);
  integer(config.meta.inner.steps, 'meta.inner.steps', 0);
  integer(config.meta.windows.min, 'meta.windows.min', 3);
  if (config.meta.windows.max < config.meta.windows.min) problems.push(`meta.windows.max (${config.meta.windows.max}) is below meta.windows.min (${config.meta.windows.min})`);
  integer(config.generator.neighbours, 'generator.neighbours', 1);
  integer(config.generator.epochs, 'generator.epochs', 1);
  if (!(config.generator.probability > 0 && config.generator.probability <= 1)) problems.push(`generator.probability must be in (0, 1], got ${config.generator.probability}`);
  integer(config.fusion.epochs, 'fusion.epochs', 1);
  integer(config.fusion.mlpSize, 'fusion.mlpSize', 1);
  integer(config.fusion.batchSize, 'fusion.batchSize', 1);
  integer(config.fusion.supportLength, 'fusion.supportLength', 1);
  integer(config.fusion.maxSamples, 'fusion.maxSamples', 2);
  if (!(config.fusion.validationShare > 0 && config.fusion.validationShare < 1)) problems.push(`fusion.validationShare must be in (0, 1), got ${config.fusion.validationShare}`);
  integer(config.bounded.steps, 'bounded.steps', 0);
  integer(config.bounded.minHistory, 'bounded.minHistory', 2);
  integer(config.paper.steps, 'paper.steps', 0);
  integer(config.threads, 'threads', 1);
  integer(config.heapMegabytes, 'heapMegabytes', 2);
  if (config.heapMegabytes > 4096) problems.push(`heapMegabytes must be at most 4096 (WebAssembly's limit), got ${config.heapMegabytes}`);
  integer(config.seed, 'seed', 0);
  if (config.fusion.selection !== 'validated' && config.fusion.selection !== 'trained') problems.push(`fusion.selection must be "validated" or "trained", got ${JSON.stringify(config.fusion.selection)}`);
  if (config.fusion.coldItems !== 'generator' && config.fusion.coldItems !== 'fused') problems.push(`fusion.coldItems must be "generator" or "fused", got ${JSON.stringify(config.fusion.coldItems)}`);
  if (config.featureTable !== 'trainable' && config.featureTable !== 'frozen') problems.push(`featureTable must be "trainable" or "frozen", got ${JSON.stringify(config.featureTable)}`);
  for (const [name, value] of [
    ...LEARNER_NAMES.map((l) => [`meta.outerLr.${l}`, config.meta.outerLr[l]] as const),
    ...LEARNER_NAMES.map((l) => [`meta.inner.lr.${l}`, config.meta.inner.lr[l]] as const),
    ...LEARNER_NAMES.map((l) => [`bounded.lr.${l}`, config.bounded.lr[l]] as const),
    ...LEARNER_NAMES.map((l) => [`paper.lr.${l}`, config.paper.lr[l]] as const),
    ['generator.lr', config.generator.lr] as const,
    ['fusion.lr', config.fusion.lr] as const,
  ]) positive(value, name);
  if (problems.length > 0) throw new Error(`invalid MML settings: ${problems.join('; ')}`);
}
