import { benchCatalogMemory } from '@fewshot/model/bench';
import { parseMmlConfigOption } from '../config-option.ts';
import { reportBenchResult } from './bench-result.ts';
import type { CatalogMemoryBenchOptions } from './catalog-memory.ts';

/** What `fewshot bench catalog-memory` does, loaded only when it runs (see ./catalog-memory.ts). */
export async function runCatalogMemoryBenchmark(options: CatalogMemoryBenchOptions): Promise<void> {
  const config = parseMmlConfigOption(options.config);
  const result = await benchCatalogMemory({
    items: options.items,
    textSize: options.text,
    imageSize: options.image,
    users: options.users,
    config,
    onSize: (run) => process.stderr.write(run.peakMegabytes === null
      ? `${run.items} items: ran out of the heap (${run.seconds} s)\n`
      : `${run.items} items: peak ${run.peakMegabytes} MB (${run.stages.map((s) => `${s.stage} ${s.heapMegabytes}`).join(', ')}; ${run.seconds} s)\n`),
  });
  await reportBenchResult('catalog-memory', {
    ...result,
    vectors: { text: options.text, image: options.image },
    users: options.users,
    config,
    notes: 'every stage shortened to one epoch or a few steps: the heap a step takes depends on the catalog, the vector sizes, the model and the batch, not on how long it trains; the heap never shrinks, so each stage reports the most it has taken so far; estimatedLargestCatalog extends the least-squares line through the sizes that fit to heapMegabytes',
  }, options.json);
}
