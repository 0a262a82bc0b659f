import { mmlConfig, type DeepPartial, type MmlConfig } from '../mml/config.ts';
import { skewedSequences, syntheticFeatures } from '../mml/testing.ts';
import { CATALOG_TOO_LARGE, trainMml, type StageTiming } from '../mml/train-mml.ts';

export interface CatalogMemoryOptions {
  /** Catalog sizes to train, smallest first (at least two give the per-item slope). */
  items: number[];
  /** Vector sizes of the synthetic text and image features (0: that modality is absent). */
  textSize: number;
  imageSize: number;
  /** Users of 20–51 events each: the memory a step takes depends on the catalog and the batch, not on them. */
  users: number;
  /** Overrides of MmlConfig on top of one epoch (or step) per stage. */
  config?: DeepPartial<MmlConfig>;
  onSize?: (result: CatalogMemoryRun) => void;
}

export interface CatalogMemoryRun {
  items: number;
  /** The highest heap any stage ended at (MB), or null where the training ran out of it. */
  peakMegabytes: number | null;
  stages: StageTiming[];
  seconds: number;
  /** The training's message where it ran out of the heap. */
  error?: string;
}

export interface CatalogMemoryResult {
  runs: CatalogMemoryRun[];
  heapMegabytes: number;
  /** Least-squares line through the runs that fit: MB per thousand items, and where it meets heapMegabytes. */
  megabytesPerThousandItems: number | null;
  estimatedLargestCatalog: number | null;
}

/**
 * How much of the training engine's heap a catalog takes: MML trained on synthetic catalogs of the given sizes with
 * every stage shortened to one epoch or a few steps (the heap a step needs depends on the catalog and the batch, not
 * on how long training runs), each stage's heap as it ended, and a line through the peaks to say roughly how large
 * a catalog fits. The neighbour search is O(items²): the whole 60,000-item run took 4 minutes on 2 cores, 100,000 items 9.
 */
export async function benchCatalogMemory(options: CatalogMemoryOptions): Promise<CatalogMemoryResult> {
  const config = mmlConfig(options.config ?? {}, mmlConfig({ pretrain: { epochs: 1, validateEvery: 1 }, meta: { outerSteps: 2 }, generator: { epochs: 1 }, fusion: { epochs: 1 } }));
  const runs: CatalogMemoryRun[] = [];
  for (const numItems of options.items) {
    const features = {
      ...(options.textSize > 0 ? { text: syntheticFeatures(numItems, options.textSize, 1) } : {}),
      ...(options.imageSize > 0 ? { image: syntheticFeatures(numItems, options.imageSize, 2, 9) } : {}),
    };
    const started = performance.now();
    let run: CatalogMemoryRun;
    try {
      const { model, report } = await trainMml({ numItems, sequences: skewedSequences(numItems, options.users), features }, config);
      await model.close();
      run = { items: numItems, peakMegabytes: Math.max(...report.stages.map((s) => s.heapMegabytes)), stages: report.stages, seconds: seconds(started) };
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith(CATALOG_TOO_LARGE)) throw error;
      run = { items: numItems, peakMegabytes: null, stages: [], seconds: seconds(started), error: error.message };
    }
    runs.push(run);
    options.onSize?.(run);
  }
  const line = fitLine(runs.flatMap((r) => (r.peakMegabytes === null ? [] : [[r.items, r.peakMegabytes] as const])));
  return {
    runs,
    heapMegabytes: config.heapMegabytes,
    megabytesPerThousandItems: line && round(line.slope * 1000),
    estimatedLargestCatalog: line && line.slope > 0 ? Math.floor((config.heapMegabytes - line.intercept) / line.slope) : null,
  };
}

function fitLine(points: ReadonlyArray<readonly [number, number]>): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

function seconds(started: number): number {
  return round((performance.now() - started) / 1000, 1);
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}
