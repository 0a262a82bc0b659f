// A tiny MML configuration and synthetic item features for tests (not part of the public API): every stage runs,
// on the demo data, in seconds.
import { Rng } from '../engine/index.ts';
import type { FeatureTableInput } from '../ieg/generator-features.ts';
import { mmlConfig, type DeepPartial, type MmlConfig } from './config.ts';

export function tinyMmlConfig(overrides: DeepPartial<MmlConfig> = {}): MmlConfig {
  const base = mmlConfig({
    sasrec: { hiddenSize: 16, numLayers: 1, numHeads: 1, innerSize: 32, maxLength: 20, hiddenDropout: 0.2, attentionDropout: 0.2, loss: 'ce' },
    pretrain: { epochs: 3, batchSize: 64, validateEvery: 1 },
    meta: { outerSteps: 12, metaBatch: 8, outerLr: { id: 1e-3, text: 1e-3, image: 1e-3 }, inner: { steps: 2 } },
    generator: { neighbours: 4, epochs: 2 },
    // 'trained': tiny data never proves the gates better, and the tests exercise the gate path (export, serving).
    fusion: { mlpSize: 16, epochs: 8, supportLength: 6, selection: 'trained' },
    bounded: { steps: 2 },
    paper: { steps: 4 },
    seed: 3,
  });
  return mmlConfig(overrides, base);
}

/** Deterministic random feature tables (row 0 and every `missingEvery`-th item left as zeros: missing). */
export function syntheticFeatures(numItems: number, size: number, seed: number, missingEvery = 0): FeatureTableInput {
  const rng = new Rng(seed);
  const table = new Float32Array((numItems + 1) * size);
  for (let item = 1; item <= numItems; item++) {
    if (missingEvery > 0 && item % missingEvery === 0) continue;
    for (let j = 0; j < size; j++) table[item * size + j] = rng.normal();
  }
  return { size, table };
}

/** Users of 20–51 events, popular (low) ids drawn more often, as in real catalogs. */
export function skewedSequences(numItems: number, users: number, seed = 4): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: users }, () => Int32Array.from({ length: rng.int(20, 52) }, () => 1 + Math.floor(rng.next() ** 2 * numItems)));
}
