import { mixKey, Rng, type WeightTensor } from '../engine/index.ts';
import { epochBatches } from '../data/bpr-batches.ts';
import type { EvalCase } from '../data/leave-one-out.ts';
import { trainingWindows, type WindowAnchor } from '../data/windows.ts';
import { shuffleWithinTies, type TieRuns } from '../data/ties.ts';
import { evaluateFullRanking, type RankingReport } from '../eval/full-ranking.ts';
import { sasRecScorer } from '../eval/sasrec-scorer.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import { BprTrainer } from './bpr-trainer.ts';
import type { TrainProgress } from './progress.ts';
import { EventLoopYielder } from './event-loop-yielder.ts';

export interface FitBprOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Data-parallel threads (the model needs that many gradient sets). */
  threads: number;
  /** Cases to validate on (masked NDCG@10); the best epoch's weights are kept. */
  validation?: readonly EvalCase[];
  /** Validate every n epochs (0: never; the last epoch is kept). */
  validateEvery?: number;
  /**
   * Polyak averaging: with a decay d in (0, 1), an exponential moving average of the weights (after every step it
   * keeps d of itself and takes 1 − d of the new weights) is what gets validated and kept, not the live weights;
   * training itself is unchanged (0: off).
   */
  averageDecay?: number;
  /** Where long sequences' windows are aligned (see trainingWindows; default 'end'). */
  windowAnchor?: WindowAnchor;
  /**
   * Each sequence's event times: when given, every epoch trains on the sequences with each run of equal times in a
   * fresh random order (see shuffleWithinTies), instead of the order the data happens to list them in.
   */
  ties?: TieRuns;
  signal?: AbortSignal;
  onProgress?: (event: TrainProgress) => void;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  seconds: number;
  /** Masked full-ranking metrics on the validation cases, when validated this epoch. */
  valid?: RankingReport;
}

export interface FitBprResult {
  epochs: EpochReport[];
  /** Epoch whose weights the model holds at the end (the best validation epoch, or the last). */
  bestEpoch: number;
  threads: number;
}

/**
 * BPR training of a SASRec over whole sequences (a target and a uniform negative at every position), Adam, on
 * `threads` cores; keeps the best validation epoch's weights, copied when it happened (mml-method.md's lesson about
 * aliased checkpoints). Checks `signal` between batches.
 */
export async function fitBpr(model: SasRec, sequences: readonly Int32Array[], options: FitBprOptions): Promise<FitBprResult> {
  const { epochs, batchSize, lr, seed, validation = [], validateEvery = 1, averageDecay = 0, windowAnchor = 'end', ties, signal, onProgress } = options;
  if (!(averageDecay >= 0 && averageDecay < 1)) throw new Error(`averageDecay must be in [0, 1), got ${averageDecay}`);
  const { maxLength: T, numItems } = model.config;
  let windows = trainingWindows(sequences, T, windowAnchor);
  if (windows.length === 0) throw new Error('no training windows: every training sequence has fewer than 2 items');
  const trainer = await BprTrainer.create(model.engine, model, { lr, seed, threads: options.threads, maxBatchPositions: batchSize * T });
  const scorer = sasRecScorer(model, trainer.workspace);
  const reports: EpochReport[] = [];
  const yielder = new EventLoopYielder();
  let best: { epoch: number; score: number; weights: WeightTensor[] } | undefined;
  const average = averageDecay > 0 ? new WeightAverage(model, averageDecay) : undefined;
  try {
    const batches = Math.ceil(windows.length / batchSize);
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      let batch = 0;
      onProgress?.({ kind: 'epoch-start', epoch, epochs, batches });
      if (ties) windows = trainingWindows(shuffleWithinTies(sequences, ties.times, new Rng(mixKey(seed, epoch, 0x71e5)), ties.gapSeconds), T, windowAnchor);
      for (const raw of epochBatches(windows, batchSize, T, numItems, seed, epoch)) {
        await yielder.maybeYield();
        signal?.throwIfAborted();
        const loss = trainer.step(raw);
        average?.update();
        lossSum += loss;
        batch++;
        onProgress?.({ kind: 'batch', epoch, epochs, batch, batches, loss });
      }
      const report: EpochReport = { epoch, loss: lossSum / batch, seconds: (performance.now() - started) / 1000 };
      if (validateEvery > 0 && validation.length > 0 && (epoch % validateEvery === 0 || epoch === epochs)) {
        const live = average?.swapIn();
        report.valid = evaluateFullRanking(scorer, validation, numItems);
        const score = report.valid.masked.ndcg[10] ?? 0;
        if (!best || score > best.score) best = { epoch, score, weights: model.store.snapshot() };
        if (live) model.store.restore(live);
      }
      reports.push(report);
      onProgress?.({ kind: 'epoch-end', epoch, epochs, report });
    }
    if (best && (average || best.epoch !== epochs)) model.store.restore(best.weights);
    else if (average) average.swapIn();
    return { epochs: reports, bestEpoch: best?.epoch ?? epochs, threads: trainer.threads };
  } finally {
    await trainer.close();
  }
}

/**
 * An exponential moving average of a model's weights, updated after every optimiser step. Early on the decay is
 * min(d, (1 + t) / (10 + t)), so the average is not dominated by the initial weights.
 */
class WeightAverage {
  private readonly shadow: Float32Array[];
  private steps = 0;

  constructor(private readonly model: SasRec, private readonly decay: number) {
    this.shadow = model.store.params.map((p) => Float32Array.from(p.value.data));
  }

  update(): void {
    this.steps++;
    const d = Math.min(this.decay, (1 + this.steps) / (10 + this.steps));
    this.model.store.params.forEach((p, i) => {
      const live = p.value.data;
      const avg = this.shadow[i]!;
      for (let j = 0; j < avg.length; j++) avg[j] = d * avg[j]! + (1 - d) * live[j]!;
    });
  }

  /** Puts the averaged weights into the model and returns the live ones. */
  swapIn(): WeightTensor[] {
    const live = this.model.store.snapshot();
    this.model.store.restore(this.model.store.params.map((p, i) => ({ name: p.name, shape: [...p.spec.shape], data: this.shadow[i]! })));
    return live;
  }
}
