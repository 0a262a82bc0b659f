import type { MmlConfig } from './config.ts';

/** A training stage's kind: each learner has a pretraining and a meta-learning stage, then the generator and fusion. */
export type StageKind = 'pretrain' | 'meta' | 'generator' | 'fusion';

/**
 * How long a stage takes, in pretraining epochs of one learner, from the settings that scale it. The overall progress
 * fraction adds these up, so it moves at a steady pace and the time left can be read from it (elapsed × (1 − f) / f).
 * Fitted on the demo catalog at the defaults, the first start's training (9,066 items, 671 users, 2 cores, alone on
 * the machine; 1,812 s in all): a pretraining epoch 7.5 / 8.1 / 8.9 s for the ID, text and image learners (8.2 s, the
 * unit), 400 meta steps 66–78 s (9 units), the generator 160 s for 10 epochs after its neighbour search (19.5 units),
 * fusion 30 s, most of it adapting every learner to its tasks before the first of 100 epochs (3.7 units); the
 * evaluation's 8% of the bar matched its 141 s. The flat weights used before (6 per pretraining, 1 for every other
 * stage) gave the generator under half its share and fusion twice its. On MovieLens-100K (the model README's stage
 * times) these weights give meta-learning 0.7×, the generator 1.4× and fusion 0.4× their share. The time left, read
 * from the elapsed time, corrects for what the weights miss as the stages pass.
 */
export function stageWeight(kind: StageKind, config: MmlConfig): number {
  switch (kind) {
    case 'pretrain':
      return config.pretrain.epochs;
    case 'meta': {
      const { outerSteps, metaBatch, inner } = config.meta;
      // Per step: a meta-batch of tasks, each `inner.steps` support passes and one query pass.
      return (9 * outerSteps * metaBatch * (inner.steps + 1)) / (400 * 32 * 6);
    }
    case 'generator':
      return 1 + 1.85 * config.generator.epochs;
    case 'fusion':
      return 1 + 0.027 * config.fusion.epochs;
  }
}
