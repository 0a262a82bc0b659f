import { describe, expect, it } from 'vitest';
import { createEngine, Rng } from '../engine/index.ts';
import { relativeDifference } from '../engine/testing/agreement.ts';
import { bprBatch } from '../data/bpr-batches.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { BprTrainer } from './bpr-trainer.ts';

const V = 500;
const B = 16;
const T = 20;

function windows(seed: number): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: B }, () => Int32Array.from({ length: rng.int(3, T + 2) }, () => rng.int(1, V + 1)));
}

/** Runs `steps` training steps with the given thread count; returns the losses and the final weights. */
async function run(threads: number, steps: number): Promise<{ losses: number[]; weights: Map<string, Float32Array> }> {
  const engine = createEngine();
  const model = SasRec.create(engine, { numItems: V, maxLength: T, hiddenSize: 32, innerSize: 64 }, { seed: 3, replicas: threads });
  const trainer = await BprTrainer.create(engine, model, { lr: 1e-2, seed: 3, threads, maxBatchPositions: B * T });
  try {
    const rng = new Rng(9);
    const losses = Array.from({ length: steps }, () => trainer.step(bprBatch(windows(rng.nextUint32()), T, V, rng)));
    return { losses, weights: new Map(model.store.snapshot().map((t) => [t.name, t.data])) };
  } finally {
    await trainer.close();
  }
}

describe('BprTrainer data parallelism', () => {
  it('two threads train like one (same dropout masks; only float summation order differs)', async () => {
    const one = await run(1, 3);
    const two = await run(2, 3);
    two.losses.forEach((loss, i) => expect(Math.abs(loss - one.losses[i]!) / one.losses[i]!).toBeLessThan(1e-5));
    for (const [name, w] of one.weights) expect(relativeDifference(two.weights.get(name)!, w), name).toBeLessThan(1e-4);
  });

  it('hands every thread\'s working memory back when it closes, for the next trainer to reuse', async () => {
    const engine = createEngine();
    const model = SasRec.create(engine, { numItems: V, maxLength: T, hiddenSize: 32, innerSize: 64 }, { seed: 3, replicas: 2 });
    const trainer = await BprTrainer.create(engine, model, { lr: 1e-2, seed: 3, threads: 2, maxBatchPositions: B * T });
    trainer.step(bprBatch(windows(1), T, V, new Rng(2)));
    await trainer.close();
    // The calling thread's arena chunk and the worker's both go to the heap's free list (shared memory outlives the worker).
    expect(engine.heap.freeList.freeElements()).toBeGreaterThanOrEqual(2 * 4_194_304);
  });

  it('is deterministic for a given seed and thread count', async () => {
    const a = await run(2, 2);
    const b = await run(2, 2);
    expect(b.losses).toEqual(a.losses);
    for (const [name, w] of a.weights) expect(Array.from(b.weights.get(name)!), name).toEqual(Array.from(w));
  });

  it('gives a frozen feature table neither gradients nor optimiser state, on two threads, and leaves it as given', async () => {
    const engine = createEngine();
    const F = 48;
    const table = Float32Array.from({ length: (V + 1) * F }, (_, i) => Math.sin(i));
    const config = { numItems: V, maxLength: T, hiddenSize: 32, innerSize: 64, learner: { kind: 'feature' as const, featureSize: F, frozenFeatures: true } };
    const model = SasRec.create(engine, config, { seed: 3, replicas: 2, features: table });
    const features = model.store.get('item_features.weight');
    expect(features.value.grad).toBeUndefined();
    const before = engine.heap.allocatedElements();
    const trainer = await BprTrainer.create(engine, model, { lr: 1e-2, seed: 3, threads: 2, maxBatchPositions: B * T });
    try {
      // Adam's moments: two of every trainable parameter, none of the table ((V + 1) × F = 24,048 each).
      const trainable = model.params.filter((p) => !p.frozen).reduce((sum, p) => sum + p.value.size, 0);
      const batchAndMoments = engine.heap.allocatedElements() - before;
      expect(batchAndMoments).toBeLessThan(2 * trainable + 2 * (V + 1) * F);
      const rng = new Rng(9);
      for (let step = 0; step < 2; step++) trainer.step(bprBatch(windows(rng.nextUint32()), T, V, rng));
    } finally {
      await trainer.close();
    }
    expect(Array.from(features.value.data)).toEqual(Array.from(table));
  });
});

