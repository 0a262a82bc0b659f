import { describe, expect, it } from 'vitest';
import { tinyMmlConfig } from '../mml/testing.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { trainAndEvaluateOffThread } from './train-and-evaluate-thread.ts';
import type { TrainAndEvaluateInput } from './train-and-evaluate.ts';

// The whole training in a thread is tested through the pipeline (packages/pipeline's train-model-version.test.ts:
// a version trained off the thread reloads and reproduces its metrics; an abort mid-training). Here: its failures.
const input = (dataset: TimedSequenceDataset): TrainAndEvaluateInput => ({
  dataset,
  features: {},
  config: tinyMmlConfig(),
  evaluation: { ns: [5], headlineN: 5, latencyUsers: 1 },
  artifactExtra: {},
});

describe('trainAndEvaluateOffThread', () => {
  it("rejects with the thread's own error message when the training fails there", async () => {
    // Two users of three events: too few for the cold-start split, which says so in the thread.
    const dataset = { numItems: 3, sequences: [Int32Array.of(1, 2, 3), Int32Array.of(2, 3, 1)], timestamps: [Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3)] };
    await expect(trainAndEvaluateOffThread(input(dataset))).rejects.toThrow('the cold-start split needs at least two users with 4 or more events, found 0');
  });

  it('starts nothing when already aborted, rejecting with the reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('not now'));
    await expect(trainAndEvaluateOffThread(input({ numItems: 1, sequences: [], timestamps: [] }), { signal: controller.signal })).rejects.toThrow('not now');
  });
});
