import { describe, expect, it } from 'vitest';
import { DEFAULT_MML_CONFIG, mmlConfig } from './config.ts';
import { stageWeight } from './stage-weights.ts';

describe('stageWeight', () => {
  it('weighs the default stages as the demo catalog measured them, in pretraining epochs of one learner', () => {
    const weights = (['pretrain', 'meta', 'generator', 'fusion'] as const).map((kind) => stageWeight(kind, DEFAULT_MML_CONFIG));
    expect(weights.map((w) => Number(w.toFixed(2)))).toEqual([50, 9, 19.5, 3.7]);
  });

  it('scales each stage with the settings that make it longer', () => {
    const config = mmlConfig({ pretrain: { epochs: 10 }, meta: { outerSteps: 100, metaBatch: 64, inner: { steps: 2 } }, generator: { epochs: 2 }, fusion: { epochs: 10 } });
    expect(stageWeight('pretrain', config)).toBe(10);
    // A quarter of the steps, twice the tasks each, half the passes per task.
    expect(stageWeight('meta', config)).toBeCloseTo(9 / 4 * 2 * (3 / 6), 10);
    expect(stageWeight('generator', config)).toBeCloseTo(1 + 3.7, 10);
    expect(stageWeight('fusion', config)).toBeCloseTo(1.27, 10);
  });
});
