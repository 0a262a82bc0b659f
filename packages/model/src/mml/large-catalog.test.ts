import { describe, expect, it } from 'vitest';
import { isHeapFull } from '../engine/index.ts';
import { mmlConfig } from './config.ts';
import { skewedSequences, syntheticFeatures, tinyMmlConfig } from './testing.ts';
import { trainMml } from './train-mml.ts';

// The size of the demo catalog npm start trains first (ml-latest-small: 9,066 items, 512-d text and 1,280-d image
// vectors), with the default model and batch, and a few steps of each stage. Its first training used to stop at the
// engine's 4 GiB heap limit (WebAssembly.Memory.grow: maximum memory size exceeded): the heap never frees, and each
// stage, thread and full-catalog tensor took fresh memory. The memory per step depends on the catalog and the batch,
// not on how many users train, so 128 users of at most 51 events (one window of the default 50 each: one full batch
// of 128 sequences an epoch) show it, at 39 CPU-s where 150 users of up to 120 events (three batches) took 45.
const NUM_ITEMS = 9066;
const USERS = 128;

describe('a catalog the size of the demo catalog', () => {
  it('trains through every stage with the heap well under its 4 GiB limit', async () => {
    const config = mmlConfig({
      pretrain: { epochs: 1, validateEvery: 1 },
      meta: { outerSteps: 2 },
      generator: { epochs: 1 },
      fusion: { epochs: 1 },
    });
    const features = { text: syntheticFeatures(NUM_ITEMS, 512, 1), image: syntheticFeatures(NUM_ITEMS, 1280, 2, 9) };
    const { model, report } = await trainMml({ numItems: NUM_ITEMS, sequences: skewedSequences(NUM_ITEMS, USERS), features }, config);
    try {
      expect(report.stages.map((s) => s.stage)).toEqual(['pretrain:id', 'meta:id', 'pretrain:text', 'meta:text', 'pretrain:image', 'meta:image', 'generator', 'fusion']);
      // Parameters, their gradients and Adam's moments plus two threads' working memory: about 900 MB. Before
      // freed memory was reused (across stages and threads) and the scores were kept in blocks, a run of this
      // shape ended at 4,018 MB, at the limit, and the full demo catalog's training failed there.
      expect(report.stages.at(-1)!.heapMegabytes).toBeLessThan(1200);
    } finally {
      await model.close();
    }
  }, 600_000); // about a minute alone on two cores; far longer beside the rest of the suite
});

describe('a catalog larger than the training engine\'s heap', () => {
  it('stops with how large it is, where it ran out and what would make it fit, instead of WebAssembly\'s own error', async () => {
    const numItems = 20_000;
    const users = skewedSequences(numItems, 40, 5);
    const features = { text: syntheticFeatures(numItems, 512, 1) }; // 41 MB a copy: with its gradients and Adam's moments, past 64 MB
    const training = trainMml({ numItems, sequences: users, features }, tinyMmlConfig({ threads: 2, heapMegabytes: 64 }));
    const error = await training.then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(new RegExp([
      "^this catalog does not fit in the training engine's memory: training 20,000 items with text \\(512-d\\) vectors ran out of its 64 MB in stage pretrain:(id|text) ",
      "\\(.*the training engine's memory is full: it stops at 64 MB, and [\\d,]+ MB more were asked for\\)\\. ",
      'To make it fit, freeze the feature tables \\(config \\{"featureTable":"frozen"\\}: .*\\); train on one thread \\(config \\{"threads":1\\}\\); ',
      'or archive items that are no longer sold \\(training leaves them out\\)\\.$',
    ].join('')));
    expect(isHeapFull(error)).toBe(true);
    expect(isHeapFull(new Error('data-parallel step failed: replica 1: HeapFullError: the training engine\'s memory is full: 12 MB more…'))).toBe(true);
    expect(isHeapFull(new Error('no items to train on'))).toBe(false);
  });
});
