import { saveMmlModel } from '../mml/artifact.ts';
import type { MmlConfig } from '../mml/config.ts';
import type { MmlTrainingData } from '../mml/training-data.ts';
import { trainMml, type MmlProgress } from '../mml/train-mml.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { ColdStartHarness, type ColdStartEvalReport } from './evaluate.ts';
import type { NewItemSlotsOptions } from './new-item-slots.ts';
import { firstItemsReport } from './first-items.ts';
import { coldStartSplit, type ColdStartOptions } from './split.ts';

export interface TrainAndEvaluateInput {
  dataset: TimedSequenceDataset;
  features: MmlTrainingData['features'];
  config: MmlConfig;
  /** The cold-start split the model is trained and measured on (cold-start v1 by default). */
  split?: ColdStartOptions;
  /** newItemSlots: also replay the events after the split with that many new-item slots (ColdStartEvalOptions). */
  evaluation: { ns: number[]; headlineN: number; latencyUsers: number; newItemSlots?: NewItemSlotsOptions };
  /** Travels in the artifact's header beside the split time (item ids, encoders, the training run). */
  artifactExtra: Record<string, unknown>;
}

export interface TrainAndEvaluateResult {
  /** The evaluation of exactly the trained model, with its training report. */
  report: ColdStartEvalReport;
  /** The trained model's weight file (saveMmlModel). */
  artifact: Uint8Array;
}

export interface TrainAndEvaluateOptions {
  signal?: AbortSignal;
  /** Training takes fractions 0 to 0.9, the evaluation 0.9 to 0.98; storing the artifact is the caller's rest. */
  onProgress?: (progress: MmlProgress) => void;
}

/** Where training ends and the evaluation ends on the overall fraction. */
const TRAINED_AT = 0.9;
const EVALUATED_AT = 0.98;

/**
 * A model version's computation, with no database: trains MML on the split's old users, evaluates that very model
 * on the split's new users and new items, and serialises it. Runs here or, through trainAndEvaluateOffThread, in
 * a worker thread of its own.
 */
export async function trainAndEvaluate(input: TrainAndEvaluateInput, options: TrainAndEvaluateOptions = {}): Promise<TrainAndEvaluateResult> {
  const { signal, onProgress } = options;
  // The evaluation reports each slice as it starts (each n, then new items): one step of its bar each.
  const slices = [...input.evaluation.ns.map((n) => `eval:n=${n}`), 'eval:item-cold', ...(input.evaluation.newItemSlots ? ['eval:new-item-slots'] : [])];
  // What the version serves to users without history, chosen on this same data (counts: well under a second); the
  // evaluation ranks it beside the model at every history length.
  const firstItems = firstItemsReport(input.dataset, input.split);
  const harness = new ColdStartHarness(coldStartSplit(input.dataset, input.split), {
    ...input.evaluation,
    firstItems: firstItems.chosen,
    signal,
    onProgress: (p) => {
      const done = Math.max(0, slices.indexOf(p.stage)) / slices.length;
      const what = p.stage === 'eval:new-item-slots' ? 'replaying the events after the split with new-item slots' : `ranking ${p.stage.slice('eval:'.length)} with every method`;
      onProgress?.({ stage: 'evaluate', stageFraction: done, fraction: TRAINED_AT + (EVALUATED_AT - TRAINED_AT) * done, message: what });
    },
  });
  const trained = await trainMml(harness.trainingData(input.features), input.config, {
    signal,
    keepSnapshots: true,
    onProgress: (p) => onProgress?.({ ...p, fraction: TRAINED_AT * p.fraction }),
  });
  try {
    onProgress?.({ stage: 'evaluate', stageFraction: 0, fraction: TRAINED_AT, message: 'ranking new users and new items with every method' });
    await harness.evaluate(trained, input.config.seed);
    const report = { ...harness.report(), firstItems };
    const artifact = saveMmlModel(trained.model, { ...input.artifactExtra, splitTime: report.protocol.splitTime });
    return { report, artifact };
  } finally {
    await trained.model.close();
  }
}
