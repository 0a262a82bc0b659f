import { describe, expect, it } from 'vitest';
import { createEngine, Rng } from '../engine/index.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import type { WindowAnchor } from '../data/windows.ts';
import { fitBpr } from './fit-bpr.ts';

const V = 40;

function sequences(): Int32Array[] {
  const rng = new Rng(5);
  return Array.from({ length: 24 }, () => Int32Array.from({ length: rng.int(4, 12) }, () => rng.int(1, V + 1)));
}

function tinyModel(): SasRec {
  return SasRec.create(createEngine(), { numItems: V, maxLength: 8, hiddenSize: 16, innerSize: 32, numLayers: 1, numHeads: 1 }, { seed: 3, replicas: 1 });
}

describe('fitBpr weight averaging', () => {
  it('ends with the moving average of the weights after every step, while training itself is unchanged', async () => {
    const options = { epochs: 3, batchSize: 8, lr: 1e-2, seed: 1, threads: 1, validateEvery: 0 };
    // The plain run: every step's live weights, read right after the step.
    const plain = tinyModel();
    const steps: Float32Array[][] = [];
    const losses: number[] = [];
    await fitBpr(plain, sequences(), {
      ...options,
      onProgress: (event) => {
        if (event.kind !== 'batch') return;
        losses.push(event.loss);
        steps.push(plain.store.params.map((p) => Float32Array.from(p.value.data)));
      },
    });
    const decay = 0.9;
    const expected = tinyModel().store.params.map((p) => Float64Array.from(p.value.data));
    steps.forEach((weights, t) => {
      const d = Math.min(decay, (2 + t) / (11 + t));
      weights.forEach((w, i) => w.forEach((x, j) => (expected[i]![j] = d * expected[i]![j]! + (1 - d) * x)));
    });

    const averaged = tinyModel();
    const averagedLosses: number[] = [];
    await fitBpr(averaged, sequences(), { ...options, averageDecay: decay, onProgress: (event) => event.kind === 'batch' && averagedLosses.push(event.loss) });
    expect(averagedLosses).toEqual(losses);
    let largest = 0;
    let moved = 0;
    averaged.store.params.forEach((p, i) => p.value.data.forEach((x, j) => {
      largest = Math.max(largest, Math.abs(x - expected[i]![j]!));
      moved = Math.max(moved, Math.abs(x - steps.at(-1)![i]![j]!));
    }));
    expect(largest).toBeLessThan(1e-5);
    expect(moved).toBeGreaterThan(1e-3); // the average is not the last step's weights
  });

  it('validates the averaged weights, not the live ones, leaving the trajectory as it was', async () => {
    const data = sequences();
    const validation = data.slice(0, 8).map((s, user) => ({ user, history: s.subarray(0, s.length - 1), target: s[s.length - 1]! }));
    const options = { epochs: 4, batchSize: 8, lr: 1e-2, seed: 2, threads: 1, validateEvery: 1, validation };
    const plain = await fitBpr(tinyModel(), data, options);
    const averaged = await fitBpr(tinyModel(), data, { ...options, averageDecay: 0.5 });
    expect(averaged.epochs.map((e) => e.loss)).toEqual(plain.epochs.map((e) => e.loss));
    expect(averaged.epochs.map((e) => e.valid?.masked.ndcg[10])).not.toEqual(plain.epochs.map((e) => e.valid?.masked.ndcg[10]));
  });

  it('refuses a decay outside [0, 1)', async () => {
    await expect(fitBpr(tinyModel(), sequences(), { epochs: 1, batchSize: 8, lr: 1e-2, seed: 1, threads: 1, averageDecay: 1 })).rejects.toThrow('averageDecay must be in [0, 1), got 1');
  });
});

describe('fitBpr window anchor', () => {
  const options = { epochs: 2, batchSize: 8, lr: 1e-2, seed: 1, threads: 1, validateEvery: 0 };
  const losses = async (data: Int32Array[], windowAnchor: WindowAnchor) => {
    const seen: number[] = [];
    await fitBpr(tinyModel(), data, { ...options, windowAnchor, onProgress: (event) => event.kind === 'batch' && seen.push(event.loss) });
    return seen;
  };

  it('trains on windows cut from the first event when asked, which only sequences longer than a window notice', async () => {
    // maxLength 8: sequences of at most 9 items are one window either way; longer ones are cut differently.
    const short = sequences().map((s) => s.subarray(0, 9));
    expect(await losses(short, 'start')).toEqual(await losses(short, 'end'));
    const long = sequences().map((s, i) => Int32Array.from([...s, ...s.slice().reverse(), i + 1]));
    expect(await losses(long, 'start')).not.toEqual(await losses(long, 'end'));
  });
});

describe('fitBpr tie shuffling', () => {
  const options = { epochs: 2, batchSize: 8, lr: 1e-2, seed: 1, threads: 1, validateEvery: 0 };
  const losses = async (data: Int32Array[], tieTimes?: Float64Array[]) => {
    const seen: number[] = [];
    await fitBpr(tinyModel(), data, { ...options, ...(tieTimes ? { ties: { times: tieTimes, gapSeconds: 0 } } : {}), onProgress: (event) => event.kind === 'batch' && seen.push(event.loss) });
    return seen;
  };

  it('trains on a fresh order within each run of equal times, and as before where no two events share a time', async () => {
    const data = sequences();
    const distinct = data.map((s) => Float64Array.from(s, (_, i) => i));
    expect(await losses(data, distinct)).toEqual(await losses(data));
    const paired = data.map((s) => Float64Array.from(s, (_, i) => Math.floor(i / 2)));
    expect(await losses(data, paired)).not.toEqual(await losses(data));
  });
});
