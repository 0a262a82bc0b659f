import { createEngine, isHeapFull, Workspace, type Engine, type WeightTensor } from '../engine/index.ts';
import { FusionLayer } from '../fusion/fusion-layer.ts';
import { trainFusion, type FusionEpochReport, type FusionSample, type FusionSelection } from '../fusion/train-fusion.ts';
import { ItemEmbeddingGenerator } from '../ieg/generator.ts';
import { generatorFeatures } from '../ieg/generator-features.ts';
import { nearestNeighbours } from '../ieg/neighbours.ts';
import { generateEmbeddings, heapConstant, trainGenerator, writeGeneratedRows, type GeneratorEpochReport } from '../ieg/train-generator.ts';
import { metaTrain, type MetaStepReport } from '../meta/meta-train.ts';
import { TaskPool } from '../meta/task-pool.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { Rng, mixKey } from '../engine/index.ts';
import { fitBpr, type EpochReport } from '../train/fit-bpr.ts';
import { validateMmlConfig, type LearnerName, type MmlConfig } from './config.ts';
import { MmlModel, type GeneratorSlot, type LearnerSlot } from './mml-model.ts';
import { stageWeight } from './stage-weights.ts';
import { prepareData, type MmlTrainingData, type PreparedData } from './training-data.ts';

/** A progress report: the stage running, how far it is, and how far the whole run is (0..1). */
export interface MmlProgress {
  stage: string;
  stageFraction: number;
  fraction: number;
  message?: string;
}

export interface StageTiming {
  stage: string;
  seconds: number;
  /**
   * The engine's heap once the stage ended (MiB, freed arena chunks included): the heap never shrinks and stops at
   * 4 GiB, so this shows how close a catalog comes to that limit and which stage takes it there.
   */
  heapMegabytes: number;
}

/** What a training run leaves besides the model: timings and learning curves, for the TrainingRun record. */
export interface MmlTrainingReport {
  stages: StageTiming[];
  pretrain: Partial<Record<LearnerName, { bestEpoch: number; epochs: Array<Pick<EpochReport, 'epoch' | 'loss' | 'seconds'> & { validNdcg10?: number }> }>>;
  meta: Partial<Record<LearnerName, MetaStepReport[]>>;
  generator?: GeneratorEpochReport[];
  fusion?: { bestEpoch: number; curve: FusionEpochReport[]; selection: FusionSelection };
  coldItems: number;
  seconds: number;
}

export interface TrainMmlOptions {
  signal?: AbortSignal;
  onProgress?: (progress: MmlProgress) => void;
  /** Keep copies the evaluation's ablations need (the pretrained ID learner, ID rows before the generator). */
  keepSnapshots?: boolean;
}

export interface TrainMmlResult {
  model: MmlModel;
  report: MmlTrainingReport;
  /** With keepSnapshots: the ID learner right after pretraining, and its cold items' rows before the generator. */
  snapshots?: { pretrained: Partial<Record<LearnerName, WeightTensor[]>>; idRowsBeforeGenerator?: Float32Array };
  prepared: PreparedData;
}

/**
 * Trains MML end to end (mml-method.md): per modality, a SASRec pretrained on the training sequences and then
 * meta-trained by first-order MAML (stage 1); the item embedding generator through the frozen ID learner, its ĝ
 * written into the ID table for items without training data (stage 2); the fusion layer on old users' held-out
 * items after each learner's bounded adaptation (stage 3). Stops with the signal's reason when aborted.
 */
export async function trainMml(data: MmlTrainingData, config: MmlConfig, options: TrainMmlOptions = {}): Promise<TrainMmlResult> {
  const at = { stage: 'setup' };
  try {
    return await trainStages(data, config, options, at);
  } catch (error) {
    if (isHeapFull(error)) throw new Error(catalogTooLarge(data, config, at.stage, error as Error), { cause: error });
    throw error;
  }
}

/** How the message of a training that ran out of the engine's heap begins. */
export const CATALOG_TOO_LARGE = "this catalog does not fit in the training engine's memory";

/**
 * What a person reads when a catalog does not fit in the engine's 4 GiB: how large it is, where it ran out, and
 * what would make it fit. The trainable item tables dominate: a feature learner holds its [items, vector size]
 * table, one gradient of it per thread and Adam's two moments while it trains; frozen, only the table itself.
 */
function catalogTooLarge(data: MmlTrainingData, config: MmlConfig, stage: string, error: Error): string {
  const vectors = (['text', 'image'] as const).flatMap((m) => (data.features[m] ? [`${m} (${data.features[m]!.size.toLocaleString('en-US')}-d)`] : []));
  const what = `${data.numItems.toLocaleString('en-US')} items${vectors.length ? ` with ${vectors.join(' and ')} vectors` : ''}`;
  const remedies = [
    ...(vectors.length && config.featureTable === 'trainable' ? ['freeze the feature tables (config {"featureTable":"frozen"}: each text and image table is then held once, not also once per thread and twice for the optimiser while its learner trains)'] : []),
    ...(config.threads > 1 ? ['train on one thread (config {"threads":1})'] : []),
    'or archive items that are no longer sold (training leaves them out)',
  ];
  return `${CATALOG_TOO_LARGE}: training ${what} ran out of its ${config.heapMegabytes.toLocaleString('en-US')} MB in stage ${stage} `
    + `(${error.message.split('\n')[0]}). To make it fit, ${remedies.join('; ')}.`;
}

async function trainStages(data: MmlTrainingData, config: MmlConfig, options: TrainMmlOptions, at: { stage: string }): Promise<TrainMmlResult> {
  const started = performance.now();
  const { signal } = options;
  validateMmlConfig(config);
  const prepared = prepareData(data, { samples: config.fusion.samples, supportLength: config.fusion.supportLength, maxSamples: config.fusion.maxSamples, seed: config.seed });
  const engine = createEngine({ maxMegabytes: config.heapMegabytes });
  // The training data's times, where it has them: pretraining and meta-learning shuffle within their runs.
  const ties = prepared.trainTimes && { times: prepared.trainTimes, gapSeconds: config.pretrain.tieGapSeconds };
  const names: LearnerName[] = ['id', ...(['text', 'image'] as const).filter((m) => data.features[m])];
  const plan = [
    ...names.flatMap((name) => [{ stage: `pretrain:${name}`, weight: stageWeight('pretrain', config) }, ...(config.meta.enabled ? [{ stage: `meta:${name}`, weight: stageWeight('meta', config) }] : [])]),
    ...(config.generator.enabled && names.length > 1 ? [{ stage: 'generator', weight: stageWeight('generator', config) }] : []),
    { stage: 'fusion', weight: stageWeight('fusion', config) },
  ];
  const total = plan.reduce((sum, s) => sum + s.weight, 0);
  const stages: StageTiming[] = [];
  const report: MmlTrainingReport = { stages, pretrain: {}, meta: {}, coldItems: prepared.coldItems.length, seconds: 0 };
  let done = 0;
  const runStage = async <T>(stage: string, work: (progress: (fraction: number, message?: string) => void) => Promise<T>): Promise<T> => {
    signal?.throwIfAborted();
    at.stage = stage;
    const weight = plan.find((s) => s.stage === stage)?.weight ?? 0;
    const progress = (fraction: number, message?: string) => options.onProgress?.({ stage, stageFraction: fraction, fraction: (done + weight * Math.min(1, fraction)) / total, message });
    const t = performance.now();
    progress(0);
    const result = await work(progress);
    stages.push({ stage, seconds: round((performance.now() - t) / 1000, 2), heapMegabytes: heapMegabytes(engine) });
    progress(1); // before the stage counts as done: after, it would count twice and the fraction jump ahead
    done += weight;
    return result;
  };

  const learners: LearnerSlot[] = [];
  const pretrained: Partial<Record<LearnerName, WeightTensor[]>> = {};
  for (const name of names) {
    const features = name === 'id' ? undefined : data.features[name]!;
    const model = SasRec.create(engine, {
      ...config.sasrec,
      numItems: data.numItems,
      learner: features ? { kind: 'feature', featureSize: features.size, frozenFeatures: config.featureTable === 'frozen' } : { kind: 'id' },
    }, { seed: mixKey(config.seed, names.indexOf(name), 0x1ea), replicas: config.threads, features: features?.table });
    const fit = await runStage(`pretrain:${name}`, (progress) => fitBpr(model, prepared.train, {
      ...config.pretrain,
      seed: config.seed,
      threads: engine.shared ? config.threads : 1,
      validation: prepared.holdout,
      ...(config.pretrain.shuffleTies && ties ? { ties } : {}),
      signal,
      onProgress: (event) => {
        if (event.kind === 'batch') progress((event.epoch - 1 + event.batch / event.batches) / event.epochs, `epoch ${event.epoch}/${event.epochs}`);
      },
    }));
    report.pretrain[name] = {
      bestEpoch: fit.bestEpoch,
      epochs: fit.epochs.map((e) => ({ epoch: e.epoch, loss: round(e.loss, 5), seconds: round(e.seconds, 3), ...(e.valid ? { validNdcg10: round(e.valid.masked.ndcg[10] ?? 0, 5) } : {}) })),
    };
    if (options.keepSnapshots) pretrained[name] = model.store.snapshot();
    if (config.meta.enabled) {
      report.meta[name] = await runStage(`meta:${name}`, async (progress) => {
        const pool = await TaskPool.start(engine, model, config.threads, { globalGradients: config.meta.includeGlobal });
        try {
          const validation = heldOutWindows(prepared, config, 128);
          const { curve } = await metaTrain(model, pool, prepared.train, {
            outerSteps: config.meta.outerSteps,
            metaBatch: config.meta.metaBatch,
            outerLr: config.meta.outerLr[name],
            inner: { steps: config.meta.inner.steps, lr: config.meta.inner.lr[name], dropout: config.meta.inner.dropout },
            windows: config.meta.windows,
            includeGlobal: config.meta.includeGlobal,
            ...(config.meta.shuffleTies && ties ? { ties } : {}),
            seed: config.seed,
            validation,
            validateEvery: Math.max(1, Math.round(config.meta.outerSteps / 10)),
            signal,
            onStep: (step) => progress(step.step / step.steps, `step ${step.step}/${step.steps}`),
          });
          return curve.map((c) => ({ ...c, loss: round(c.loss, 5), ...(c.validLoss !== undefined ? { validLoss: round(c.validLoss, 5) } : {}) }));
        } finally {
          await pool.close();
        }
      });
    }
    // Its training is over: from here on it only scores (its task copies keep their own gradients), so its
    // gradient sets, one per thread and each as large as its item table, go back to the heap for later stages.
    model.store.releaseGradients();
    learners.push({ name, model });
  }

  let generator: GeneratorSlot | undefined;
  let idRowsBeforeGenerator: Float32Array | undefined;
  if (config.generator.enabled && names.length > 1) {
    generator = await runStage('generator', async (progress) => {
      progress(0, "finding each item's nearest neighbours by its features");
      const slot = await buildGenerator(engine, data, config);
      const id = learners[0]!.model;
      report.generator = await trainGenerator(id, slot.generator, slot.features, slot.neighbours, prepared.train, {
        epochs: config.generator.epochs,
        batchSize: config.pretrain.batchSize,
        lr: config.generator.lr,
        probability: config.generator.probability,
        seed: config.seed,
        validation: prepared.holdout,
        signal,
        // An epoch's last batch reports the epoch's end: no report of its own is needed.
        onBatch: (at) => progress((at.epoch - 1 + at.batch / at.batches) / at.epochs, `epoch ${at.epoch}/${at.epochs}`),
      });
      const workspace = new Workspace(engine);
      if (options.keepSnapshots) idRowsBeforeGenerator = readRows(id, prepared.coldItems);
      writeGeneratedRows(id, generateEmbeddings(slot.generator, slot.features, slot.neighbours, prepared.coldItems, workspace), prepared.coldItems);
      workspace.release();
      return slot;
    });
  }

  const fusion = FusionLayer.create(engine, {
    modalities: names,
    hiddenWidth: learners[0]!.model.config.maxLength * learners[0]!.model.config.hiddenSize,
    mlpSize: config.fusion.mlpSize,
    numItems: data.numItems,
    layerNormEps: 1e-5,
    initStd: 0.02,
    learnItemAffine: config.fusion.learnItemAffine,
  }, mixKey(config.seed, 0xf0, 0));
  const model = new MmlModel(engine, config, data.numItems, learners, generator, fusion, prepared.coldItems);
  // Items no training sequence contains: their text and image rows only ever acted as negatives, so those learners
  // rank them near the bottom whatever the user; the generator's ID row is the evidence there is (fusion.coldItems).
  const scoreColdItemsByGenerator = () => {
    if (model.scoresItemsWithoutDataByGenerator) fusion.scoreItemsBy(names.indexOf('id'), prepared.coldItems);
  };
  try {
    scoreColdItemsByGenerator();
    report.fusion = await runStage('fusion', async (progress) => {
      progress(0, 'adapting each learner to old users\' held-out tasks');
      const results = await model.adaptTasks(prepared.fusionTasks, 'bounded', { hidden: true });
      const samples: FusionSample[] = prepared.fusionTasks.map((task, t) => ({
        hidden: names.map((name) => results.get(name)!.scored[t]!.hidden),
        scores: names.map((name) => results.get(name)!.scored[t]!.scores),
        target: task.cases[0]!.target,
        seen: task.cases[0]!.seen ?? task.cases[0]!.history,
      }));
      const trained = await trainFusion(fusion, samples, {
        ...config.fusion,
        seed: config.seed,
        signal,
        onEpoch: (epoch) => progress(epoch.epoch / epoch.epochs, `epoch ${epoch.epoch}/${epoch.epochs}`),
      });
      scoreColdItemsByGenerator(); // again: with learnItemAffine the item-axis gains trained too
      return trained;
    });
  } catch (error) {
    await model.close();
    throw error;
  }
  report.seconds = round((performance.now() - started) / 1000, 1);
  return {
    model,
    report,
    prepared,
    ...(options.keepSnapshots ? { snapshots: { pretrained, ...(idRowsBeforeGenerator ? { idRowsBeforeGenerator } : {}) } } : {}),
  };
}

/**
 * Validation tasks for the meta-learning curve: windows that end at held-out events (never trained on), with
 * lengths drawn like the training tasks', so the query loss measures generalisation to unseen items.
 */
function heldOutWindows(prepared: PreparedData, config: MmlConfig, count: number): Int32Array[] {
  const rng = new Rng(mixKey(config.seed, 0x7a1, 0));
  const { min, max } = config.meta.windows;
  return prepared.holdout.slice(0, count).map((c) => {
    const length = Math.min(c.history.length + 1, rng.int(Math.max(3, min), max + 1));
    return Int32Array.of(...c.history.subarray(c.history.length - length + 1), c.target);
  });
}

/** The generator's inputs (unit-length text and image blocks, neighbours by their dot product) and its weights. */
async function buildGenerator(engine: Engine, data: MmlTrainingData, config: MmlConfig): Promise<GeneratorSlot> {
  const blocks = (['text', 'image'] as const).flatMap((m) => (data.features[m] ? [data.features[m]!] : []));
  const { size, table } = generatorFeatures(blocks, data.numItems + 1);
  const k = Math.min(config.generator.neighbours, data.numItems - 2);
  const neighbours = await nearestNeighbours(engine, table, size, k, { threads: engine.shared ? config.threads : 1 });
  const generator = ItemEmbeddingGenerator.create(engine, { featureSize: size, hiddenSize: config.sasrec.hiddenSize ?? 64, neighbours: k, initStd: 0.02 }, mixKey(config.seed, 0x6e, 0));
  const layout = (['text', 'image'] as const).flatMap((modality) => (data.features[modality] ? [{ modality, size: data.features[modality]!.size }] : []));
  return { generator, blocks: layout, features: heapConstant(engine, table, [data.numItems + 1, size]), neighbours };
}

function readRows(model: SasRec, items: Int32Array): Float32Array {
  const table = model.store.get('item_embedding.weight').value;
  const D = table.shape[1]!;
  const out = new Float32Array(items.length * D);
  const f = table.heap.f();
  items.forEach((item, u) => out.set(f.subarray(table.offset + item * D, table.offset + (item + 1) * D), u * D));
  return out;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** MiB of the engine's heap handed out so far (4 bytes an element on the WebAssembly path training runs on). */
function heapMegabytes(engine: Engine): number {
  return Math.round((engine.heap.allocatedElements() * 4) / 2 ** 20);
}
