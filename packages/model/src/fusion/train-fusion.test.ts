import { describe, expect, it } from 'vitest';
import { createEngine, Rng, Workspace } from '../engine/index.ts';
import { equalWeightFusion, FusionLayer } from './fusion-layer.ts';
import { fuseScores, trainFusion, type FusionSample, type FusionSelectionRule } from './train-fusion.ts';

const NUM_ITEMS = 60;
const HIDDEN = 8;

/**
 * Two learners. With `informative`, each sample's target scores high in one learner and randomly in the other,
 * and both learners' hidden states say which one is right (the sign of their units): per-user gates can learn
 * to trust the right learner, equal weights cannot. Otherwise both learners score at random and the hidden
 * states are noise: there is nothing for the gates to learn.
 */
function samples(count: number, informative: boolean, seed: number): FusionSample[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const target = rng.int(1, NUM_ITEMS + 1);
    const good = rng.int(0, 2);
    const scores = [0, 1].map((m) => {
      const row = new Float32Array(NUM_ITEMS + 1);
      for (let j = 1; j <= NUM_ITEMS; j++) row[j] = rng.normal();
      if (informative && m === good) row[target] = 2.2;
      return row;
    });
    // Half the units carry the sign and half its opposite, so it survives the gates' LayerNorm over the units.
    const hidden = [0, 1].map(() => Float32Array.from({ length: HIDDEN }, (_, u) => (informative ? (good === 0 ? 1 : -1) * (u % 2 === 0 ? 1 : -1) + 0.1 * rng.normal() : rng.normal())));
    return { hidden, scores, target, seen: new Int32Array(0) };
  });
}

async function train(data: FusionSample[], selection: FusionSelectionRule) {
  const engine = createEngine();
  const layer = FusionLayer.create(engine, { modalities: ['id', 'text'], hiddenWidth: HIDDEN, mlpSize: 8, numItems: NUM_ITEMS, layerNormEps: 1e-5, initStd: 0.02, learnItemAffine: false }, 5);
  const result = await trainFusion(layer, data, { epochs: 30, batchSize: 32, lr: 1e-2, validationShare: 0.3, selection, seed: 1 });
  return { layer, result, workspace: new Workspace(engine) };
}

describe('trainFusion selection', () => {
  it('keeps trained gates that rank held-out samples better than equal weights', async () => {
    const { result } = await train(samples(500, true, 11), 'validated');
    expect(result.selection.kept).toBe('trained');
    expect(result.selection.paired.ci95[0]).toBeGreaterThan(0);
    expect(result.selection.validNdcg10.trained).toBeGreaterThan(result.selection.validNdcg10.equal);
    expect(result.selection.validSamples).toBe(150);
  });

  it('falls back to exactly the equal-weight fusion when the trained gates do not prove better', async () => {
    const data = samples(300, false, 12);
    const { layer, result, workspace } = await train(data, 'validated');
    expect(result.selection.kept).toBe('equal');
    expect(result.bestEpoch).toBe(0);
    const fused = fuseScores(layer, workspace, data.slice(0, 5));
    for (const w of fused.weights) expect(w).toBeCloseTo(0.5, 6);
    data.slice(0, 5).forEach((s, b) => {
      const equal = equalWeightFusion(s.scores);
      for (let j = 1; j <= NUM_ITEMS; j++) expect(fused.scores[b * (NUM_ITEMS + 1) + j]).toBeCloseTo(equal[j]!, 4);
    });
  });

  it('scores chosen items by one learner alone (scoreItemsBy), the same in the layer and in equalWeightFusion with its gains', async () => {
    const data = samples(300, false, 12);
    const { layer, result, workspace } = await train(data, 'validated');
    expect(result.selection.kept).toBe('equal');
    layer.scoreItemsBy(0, [3, 17]);
    const affine = layer.modalities.map((m) => ({ gain: Float32Array.from(m.scoreNorm.gamma.value.data), bias: Float32Array.from(m.scoreNorm.beta.value.data) }));
    const fused = fuseScores(layer, workspace, data.slice(0, 4));
    data.slice(0, 4).forEach((s, b) => {
      const alone = equalWeightFusion([s.scores[0]!]); // the first learner's standardised scores
      const both = equalWeightFusion(s.scores);
      const withGains = equalWeightFusion(s.scores, { affine });
      for (let j = 1; j <= NUM_ITEMS; j++) {
        const expected = j === 3 || j === 17 ? alone[j]! : both[j]!;
        expect(fused.scores[b * (NUM_ITEMS + 1) + j]).toBeCloseTo(expected, 4);
        expect(withGains[j]).toBeCloseTo(expected, 5);
      }
    });
    expect(() => layer.scoreItemsBy(2, [3])).toThrow(/no modality 2/);
    expect(() => layer.scoreItemsBy(0, [NUM_ITEMS + 1])).toThrow(/outside/);
  });

  it("keeps whatever training gave under the 'trained' rule", async () => {
    const data = samples(300, false, 12);
    const { layer, result, workspace } = await train(data, 'trained');
    expect(result.selection.kept).toBe('trained');
    if (result.bestEpoch > 0) {
      const { weights } = fuseScores(layer, workspace, data.slice(0, 5));
      expect([...weights].some((w) => Math.abs(w - 0.5) > 1e-4)).toBe(true);
    }
  });

  it('starts from equal weights: epoch 0 of the curve is the equal-weight fusion', async () => {
    const data = samples(200, true, 13);
    const engine = createEngine();
    const layer = FusionLayer.create(engine, { modalities: ['id', 'text'], hiddenWidth: HIDDEN, mlpSize: 8, numItems: NUM_ITEMS, layerNormEps: 1e-5, initStd: 0.02, learnItemAffine: false }, 5);
    const result = await trainFusion(layer, data, { epochs: 1, batchSize: 32, lr: 1e-9, validationShare: 0.3, selection: 'trained', seed: 1 });
    const { weights } = fuseScores(layer, new Workspace(engine), data.slice(0, 3));
    for (const w of weights) expect(w).toBeCloseTo(0.5, 5);
    expect(result.curve).toHaveLength(1);
  });
});
