import type { MmlConfig } from './config.ts';

/** A training stage's kind: each learner has a pretraining and a meta-learning stage, then the generator and fusion. */
export type StageKind = 'pretrain' | 'meta' | 'generator' | 'fusion';

/**
 * How long a stage takes, in pretraining epochs of one learner, from the settings that scale it. The overall progress
 * fraction adds these up, so it moves at a steady pace and the time left can be read from it (elapsed × (1 − f) / f).
 * Fitted on the demo catalog at the defaults (9,066 items, 671 users, 2 cores; stop 35's measurement): a pretraining
 * epoch 7 / 14 / 11 s for the ID, text and image learners (10.7 s, the unit), 400 meta steps 128 / 352 / 144 s (about
 * 20 units), the generator 17–19 s an epoch after a few seconds of neighbour search (10 epochs: about 18 units), fusion
 * 9 s of adapting every learner to its tasks and 0.3 s an epoch (100 epochs: about 4 units). The flat weights used
 * before (6 per pretraining, 1 for every other stage) gave meta-learning and the generator under half their share of
 * the demo catalog's time and fusion twice its share. On MovieLens-100K (the model README's stage times) these weights
 * give meta-learning 1.5×, the generator 1.4× and fusion 0.4× their share: the first start's catalog is the one they
 * are fitted to, where the wait is 45 minutes. The learners' own speeds differ too (the text learner's epochs took
 * twice the ID learner's), which no setting predicts; the time left, read from the elapsed time, corrects for that as
 * the stages pass.
 */
export function stageWeight(kind: StageKind, config: MmlConfig): number {
  switch (kind) {
    case 'pretrain':
      return config.pretrain.epochs;
    case 'meta': {
      const { outerSteps, metaBatch, inner } = config.meta;
      // Per step: a meta-batch of tasks, each `inner.steps` support passes and one query pass.
      return (20 * outerSteps * metaBatch * (inner.steps + 1)) / (400 * 32 * 6);
    }
    case 'generator':
      return 0.3 + 1.7 * config.generator.epochs;
    case 'fusion':
      return 1 + 0.03 * config.fusion.epochs;
  }
}
