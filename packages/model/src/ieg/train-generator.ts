import { Adam, allocateSpan, Graph, Rng, Tensor, Workspace, mixKey, type Engine } from '../engine/index.ts';
import { epochBatches } from '../data/bpr-batches.ts';
import type { EvalCase } from '../data/leave-one-out.ts';
import { trainingWindows } from '../data/windows.ts';
import { evaluateFullRanking } from '../eval/full-ranking.ts';
import { sasRecScorer } from '../eval/sasrec-scorer.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import type { IdItemEncoder } from '../sasrec/item-encoder.ts';
import type { ItemEmbeddingGenerator } from './generator.ts';
import { SubstitutingEncoder } from './substituting-encoder.ts';
import { EventLoopYielder } from '../train/event-loop-yielder.ts';

export interface TrainGeneratorOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Chance that an item lookup uses ĝ instead of the ID embedding (mml-method.md: 0.1–0.15). */
  probability: number;
  seed: number;
  /** Held-out cases ranked with every item's embedding replaced by ĝ: the best epoch is kept. */
  validation?: readonly EvalCase[];
  signal?: AbortSignal;
  onEpoch?: (report: GeneratorEpochReport) => void;
  /** After each batch, with the epoch it belongs to (1-based) and how many batches an epoch has. */
  onBatch?: (progress: { epoch: number; epochs: number; batch: number; batches: number }) => void;
}

export interface GeneratorEpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  seconds: number;
  /** Masked NDCG@10 of the validation cases when every item is represented by ĝ alone. */
  validNdcg10?: number;
}

/**
 * A constant tensor that lives as long as the engine (feature tables the generator reads every step), in memory an
 * earlier stage gave back where a span is large enough (the last learner's gradient sets), else fresh heap.
 */
export function heapConstant(engine: Engine, values: Float32Array, shape: readonly number[]): Tensor {
  const { offset } = allocateSpan(engine.heap, values.length, { zeroed: false });
  engine.heap.f().set(values, offset);
  return new Tensor(engine.heap, shape, offset);
}

/**
 * Stage 2 training: the meta-trained ID model is frozen and the generator learns through its recommendation loss,
 * with every looked-up item replaced by ĝ at the given probability. The generator's weights are global, with
 * nothing to adapt per user, so this is plain mini-batch training over old users' sequences (Adam).
 */
export async function trainGenerator(
  idModel: SasRec,
  generator: ItemEmbeddingGenerator,
  features: Tensor,
  neighbours: Int32Array,
  sequences: readonly Int32Array[],
  options: TrainGeneratorOptions,
): Promise<GeneratorEpochReport[]> {
  const { maxLength: T, numItems } = idModel.config;
  const windows = trainingWindows(sequences, T);
  if (windows.length === 0) throw new Error('no training windows for the item embedding generator');
  const engine = idModel.engine;
  const workspace = new Workspace(engine);
  const adam = new Adam(engine, { lr: options.lr });
  const encoder = new SubstitutingEncoder(idModel.encoder as IdItemEncoder, generator, features, neighbours, options.probability, new Rng(mixKey(options.seed, 0x1e6, 0)));
  const frozen = idModel.params.map((p) => p.frozen);
  idModel.params.forEach((p) => (p.frozen = true));
  const reports: GeneratorEpochReport[] = [];
  let best: { score: number; weights: ReturnType<typeof generator.store.snapshot> } | undefined;
  try {
    idModel.store.useGradients(0);
    generator.store.zeroGrads();
    let step = 0;
    const yielder = new EventLoopYielder();
    const batchesPerEpoch = Math.ceil(windows.length / options.batchSize);
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      let batches = 0;
      for (const raw of epochBatches(windows, options.batchSize, T, numItems, options.seed, 1000 + epoch)) {
        await yielder.maybeYield();
        options.signal?.throwIfAborted();
        const g = new Graph(workspace, { training: true, seed: options.seed, step: step++ });
        try {
          const shape = [raw.B, raw.T];
          const batch = { items: g.ints(raw.items, shape), positives: g.ints(raw.positives, shape), negatives: g.ints(raw.negatives, shape), normalizer: raw.normalizer };
          const { loss } = idModel.calculateLoss(g, batch, encoder);
          g.backward(loss);
          lossSum += loss.data[0]!;
        } finally {
          g.dispose();
        }
        adam.step(generator.params);
        batches++;
        options.onBatch?.({ epoch, epochs: options.epochs, batch: batches, batches: batchesPerEpoch });
      }
      const report: GeneratorEpochReport = { epoch, epochs: options.epochs, loss: lossSum / batches, seconds: (performance.now() - started) / 1000 };
      if (options.validation?.length) {
        report.validNdcg10 = generatedOnlyNdcg(idModel, generator, features, neighbours, options.validation, workspace);
        if (!best || report.validNdcg10 > best.score) best = { score: report.validNdcg10, weights: generator.store.snapshot() };
      }
      reports.push(report);
      options.onEpoch?.(report);
    }
    if (best) generator.store.restore(best.weights);
    return reports;
  } finally {
    idModel.params.forEach((p, i) => (p.frozen = frozen[i]!));
    workspace.release();
  }
}

/**
 * Items per graph in generateEmbeddings: their neighbours' features ([items · K, F]) are the largest tensor, 37 MB
 * for 512 items with K = 10 and text + image features (1,792 values); a whole catalog of 9,066 items took 650 MB.
 */
const GENERATE_BLOCK_ITEMS = 512;

/** ĝ for the given items with the generator in evaluation mode: [items.length, D], computed in blocks of items. */
export function generateEmbeddings(generator: ItemEmbeddingGenerator, features: Tensor, neighbours: Int32Array, items: ArrayLike<number>, workspace: Workspace): Float32Array {
  const D = generator.config.hiddenSize;
  const out = new Float32Array(items.length * D);
  const ids = Int32Array.from(items);
  for (let start = 0; start < ids.length; start += GENERATE_BLOCK_ITEMS) {
    const block = ids.subarray(start, Math.min(ids.length, start + GENERATE_BLOCK_ITEMS));
    const g = new Graph(workspace, { training: false, noGrad: true });
    try {
      out.set(generator.forwardItems(g, features, neighbours, block).data, start * D);
    } finally {
      g.dispose();
    }
  }
  return out;
}

/** Writes ĝ into the ID table for the given items (MML: every item without old-user data). */
export function writeGeneratedRows(idModel: SasRec, generated: Float32Array, items: ArrayLike<number>): void {
  const table = (idModel.encoder as IdItemEncoder).table.value;
  const D = table.shape[1]!;
  const f = table.heap.f();
  for (let u = 0; u < items.length; u++) f.set(generated.subarray(u * D, (u + 1) * D), table.offset + items[u]! * D);
}

/** How well ĝ alone stands in for the ID table: validation NDCG@10 with every row replaced, then restored. */
function generatedOnlyNdcg(idModel: SasRec, generator: ItemEmbeddingGenerator, features: Tensor, neighbours: Int32Array, cases: readonly EvalCase[], workspace: Workspace): number {
  const table = (idModel.encoder as IdItemEncoder).table.value;
  const saved = Float32Array.from(table.data);
  const items = Array.from({ length: idModel.config.numItems }, (_, i) => i + 1);
  try {
    writeGeneratedRows(idModel, generateEmbeddings(generator, features, neighbours, items, workspace), items);
    return evaluateFullRanking(sasRecScorer(idModel, workspace), cases, idModel.config.numItems).masked.ndcg[10] ?? 0;
  } finally {
    table.heap.f().set(saved, table.offset);
  }
}
