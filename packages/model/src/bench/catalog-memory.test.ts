import { describe, expect, it } from 'vitest';
import { tinyMmlConfig } from '../mml/testing.ts';
import { benchCatalogMemory } from './catalog-memory.ts';

describe('fewshot bench catalog-memory', () => {
  it('reports each size\'s heap per stage, a line through the peaks, and the sizes that ran out of it', async () => {
    const seen: number[] = [];
    // The tiny model, one epoch per stage, in a 256 MB heap: 1,000 and 4,000 items of 512-d text vectors fit (their
    // tables, gradients and Adam's moments are 2 and 8 MB a copy), 30,000 items do not.
    const result = await benchCatalogMemory({
      items: [1000, 4000, 30_000], textSize: 512, imageSize: 0, users: 30, config: tinyMmlConfig({ pretrain: { epochs: 1 }, meta: { outerSteps: 2 }, generator: { epochs: 1 }, fusion: { epochs: 1 }, heapMegabytes: 256 }),
      onSize: (run) => seen.push(run.items),
    });
    expect(seen).toEqual([1000, 4000, 30_000]);
    const [small, medium, large] = result.runs;
    expect(small!.stages.map((s) => s.stage)).toEqual(['pretrain:id', 'meta:id', 'pretrain:text', 'meta:text', 'generator', 'fusion']);
    expect(small!.peakMegabytes).toBe(Math.max(...small!.stages.map((s) => s.heapMegabytes)));
    expect(medium!.peakMegabytes!).toBeGreaterThan(small!.peakMegabytes!);
    expect(large).toMatchObject({ items: 30_000, peakMegabytes: null, stages: [] });
    expect(large!.error).toMatch(/^this catalog does not fit in the training engine's memory: training 30,000 items with text \(512-d\) vectors ran out of its 256 MB/);
    // Two points: the line goes through both.
    const slope = (medium!.peakMegabytes! - small!.peakMegabytes!) / 3000;
    expect(result.megabytesPerThousandItems).toBeCloseTo(slope * 1000, 2);
    expect(result.heapMegabytes).toBe(256);
    expect(result.estimatedLargestCatalog).toBe(Math.floor(4000 + (256 - medium!.peakMegabytes!) / slope));
  }, 600_000); // about 8 s alone on two cores; far longer beside the rest of the suite
});
