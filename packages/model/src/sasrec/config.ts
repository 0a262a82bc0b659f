/** Which item vectors a learner scores with (mml-method.md, "Three learners"). */
export type LearnerKind =
  /** E_j is a row of a trainable ID embedding table. */
  | { kind: 'id' }
  /**
   * E_j = Linear(feature_j) with a feature table of width featureSize (text or image learner), trainable unless
   * frozenFeatures (then only the projection learns, and every item is scored from its features as given).
   */
  | { kind: 'feature'; featureSize: number; frozenFeatures?: boolean };

/** SASRec as MML uses it. Every default is the authors' setting unless the comment says otherwise. */
export interface SasRecConfig {
  /** Item ids run 1..numItems; 0 is padding. */
  numItems: number;
  learner: LearnerKind;
  maxLength: number; // 50: keep each user's last 50 items
  hiddenSize: number; // 64: item embedding size, also the Transformer width
  numLayers: number; // 2 post-LN Transformer blocks
  numHeads: number; // 2 heads of 32
  innerSize: number; // 256: FFN 64 → 256 → 64
  hiddenDropout: number; // 0.5 on embeddings and sub-layer outputs
  attentionDropout: number; // 0.5 on attention probabilities
  layerNormEps: number; // 1e-12, as RecBole
  initStd: number; // 0.02: N(0, 0.02²) for every weight and embedding
  /**
   * Order of the input sub-layer: mml-method.md states LayerNorm(dropout(item + position)) (the default);
   * RecBole's SASRec code applies LayerNorm first, then dropout.
   */
  inputOrder: 'dropout-then-norm' | 'norm-then-dropout';
  /**
   * Training loss: 'bpr' (the method: one uniform negative per target) or 'ce' (softmax cross-entropy over every
   * item, the sampled-softmax limit; chosen where validation on old users prefers it).
   */
  loss: 'bpr' | 'ce';
  /**
   * With the 'ce' loss: leave the items already in the input up to each position (but never the target) out of that
   * position's softmax, as ranking leaves a user's own earlier items out; false: every item competes (RecBole).
   */
  maskHistoryInLoss: boolean;
}

export const DEFAULT_SASREC_CONFIG: Omit<SasRecConfig, 'numItems'> = {
  learner: { kind: 'id' }, // the ID learner; text/image learners pass { kind: 'feature', featureSize }
  maxLength: 50, // MML: max length 50
  hiddenSize: 64, // MML: item embedding 64-d
  numLayers: 2, // MML: 2 blocks
  numHeads: 2, // MML: 2 heads
  innerSize: 256, // MML: FFN 64→256→64
  // MML: dropout 0.5. 0.2 won on the validation protocol (mml 0.168 → 0.178) and lost on new users (3 seeds: 0.163
  // → 0.155, SASRec 0.160 → 0.147; packages/model/README.md), so 0.5 stays.
  hiddenDropout: 0.5,
  attentionDropout: 0.5, // MML: dropout 0.5 (attention)
  layerNormEps: 1e-12, // MML/RecBole: LN eps 1e-12
  initStd: 0.02, // MML/RecBole: init N(0, 0.02²)
  inputOrder: 'dropout-then-norm', // as written in mml-method.md
  loss: 'bpr', // MML: BPR with one sampled negative
  maskHistoryInLoss: false, // RecBole: the softmax runs over every item
};

export function sasRecConfig(overrides: Partial<SasRecConfig> & { numItems: number }): SasRecConfig {
  const config = { ...DEFAULT_SASREC_CONFIG, ...overrides };
  if (config.hiddenSize % config.numHeads !== 0) throw new Error(`hiddenSize ${config.hiddenSize} is not divisible by ${config.numHeads} heads`);
  if (!Number.isInteger(config.numItems) || config.numItems < 1) throw new Error(`numItems must be a positive integer, got ${config.numItems}`);
  return config;
}
