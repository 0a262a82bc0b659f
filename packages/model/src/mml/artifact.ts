import { createEngine, decodeWeights, encodeWeights, type KernelChoice, type WeightTensor } from '../engine/index.ts';
import { FusionLayer, type FusionConfig } from '../fusion/fusion-layer.ts';
import { ItemEmbeddingGenerator, type GeneratorConfig } from '../ieg/generator.ts';
import { heapConstant } from '../ieg/train-generator.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import type { SasRecConfig } from '../sasrec/config.ts';
import { DEFAULT_MML_CONFIG, type LearnerName, type MmlConfig } from './config.ts';
import { MmlModel, type GeneratorSlot } from './mml-model.ts';

/** Bumped whenever the tensors or metadata an artifact holds change meaning. */
export const MML_ARTIFACT_VERSION = 1;

/** What an artifact's header says about the model, besides whatever the caller adds (item ids, encoders). */
export interface MmlArtifactMetadata {
  model: 'mml';
  artifactVersion: number;
  numItems: number;
  modalities: LearnerName[];
  config: MmlConfig;
  learners: Partial<Record<LearnerName, SasRecConfig>>;
  generator?: GeneratorConfig & { blocks: GeneratorSlot['blocks'] };
  fusion: FusionConfig;
  [extra: string]: unknown;
}

/**
 * Serialises a trained model into one weight file (format in packages/model/README.md): every learner's
 * parameters under `learners.<name>.`, the generator's with its input features and neighbour table, the fusion
 * layer's, and a header describing how to rebuild them. `extra` travels in the header (item ids, encoders).
 */
export function saveMmlModel(model: MmlModel, extra: Record<string, unknown> = {}): Uint8Array {
  const tensors: WeightTensor[] = [];
  for (const { name, model: learner } of model.learners) {
    for (const t of learner.store.snapshot()) tensors.push({ ...t, name: `learners.${name}.${t.name}` });
  }
  if (model.generator) {
    const { generator, features, neighbours } = model.generator;
    tensors.push(...generator.store.snapshot());
    tensors.push({ name: 'generator.input_features', shape: [...features.shape], data: Float32Array.from(features.data) });
    // Integers below 2^24 are exact in float32; the format stores float32 only.
    tensors.push({ name: 'generator.neighbours', shape: [model.numItems + 1, generator.config.neighbours], data: Float32Array.from(neighbours) });
  }
  tensors.push(...model.fusion.store.snapshot());
  // Which items the model has no training events for (serving slots them as new); float32 holds them exactly.
  tensors.push({ name: 'items_without_data', shape: [model.itemsWithoutData.length], data: Float32Array.from(model.itemsWithoutData) });
  const metadata: MmlArtifactMetadata = {
    ...extra,
    model: 'mml',
    artifactVersion: MML_ARTIFACT_VERSION,
    numItems: model.numItems,
    modalities: model.modalities,
    config: model.config,
    learners: Object.fromEntries(model.learners.map((l) => [l.name, l.model.config])),
    ...(model.generator ? { generator: { ...model.generator.generator.config, blocks: model.generator.blocks } } : {}),
    fusion: model.fusion.config,
  };
  return encodeWeights(tensors, metadata);
}

/** Reads an artifact's header without building the model (checks before loading, listings). */
export function readMmlMetadata(bytes: Uint8Array): MmlArtifactMetadata {
  const { header } = decodeWeights(bytes);
  return checkMetadata(header.metadata);
}

/**
 * Rebuilds a model saved by saveMmlModel in a fresh engine. Throws with the reason when the bytes are not an MML
 * artifact of this version or a tensor is missing or misshapen: a corrupt artifact never half-loads.
 */
export function loadMmlModel(bytes: Uint8Array, { kernels = 'auto' }: { kernels?: KernelChoice } = {}): { model: MmlModel; metadata: MmlArtifactMetadata } {
  const { header, tensors } = decodeWeights(bytes);
  const metadata = checkMetadata(header.metadata);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const take = (name: string): WeightTensor => {
    const t = byName.get(name);
    if (!t) throw new Error(`the artifact lacks tensor ${name}`);
    return t;
  };
  const engine = createEngine({ kernels });
  const learners = metadata.modalities.map((name) => {
    const config = metadata.learners[name];
    if (!config) throw new Error(`the artifact has no config for its ${name} learner`);
    // No gradient set: a stored model only scores (adaptation trains task copies, which keep their own).
    const model = SasRec.create(engine, config, { seed: 0, replicas: 0 });
    model.store.restore(model.params.map((p) => ({ ...take(`learners.${name}.${p.name}`), name: p.name })));
    return { name, model };
  });
  let generator: GeneratorSlot | undefined;
  if (metadata.generator) {
    const { blocks, ...generatorConfig } = metadata.generator;
    const g = ItemEmbeddingGenerator.create(engine, generatorConfig, 0);
    g.store.restore(tensors);
    const features = take('generator.input_features');
    generator = { generator: g, blocks, features: heapConstant(engine, features.data, features.shape), neighbours: Int32Array.from(take('generator.neighbours').data) };
  }
  const fusion = FusionLayer.create(engine, metadata.fusion, 0);
  fusion.store.restore(tensors);
  // Absent from artifacts saved before it was recorded: none known then.
  const withoutData = byName.get('items_without_data');
  return { model: new MmlModel(engine, metadata.config, metadata.numItems, learners, generator, fusion, Int32Array.from(withoutData?.data ?? [])), metadata };
}

function checkMetadata(metadata: Record<string, unknown>): MmlArtifactMetadata {
  if (metadata.model !== 'mml') throw new Error(`the artifact holds a ${String(metadata.model)} model, not mml`);
  if (metadata.artifactVersion !== MML_ARTIFACT_VERSION) {
    throw new Error(`the artifact is version ${String(metadata.artifactVersion)}; this build reads version ${MML_ARTIFACT_VERSION} (retrain to upgrade)`);
  }
  const checked = metadata as MmlArtifactMetadata;
  // Versions stored before bounded.minHistory existed serve with today's default: it decides only which users are
  // adapted to, no weight depends on it, and their stored metrics (n ≥ 4: three events known or more) are unchanged.
  const bounded = { ...checked.config.bounded, minHistory: checked.config.bounded.minHistory ?? DEFAULT_MML_CONFIG.bounded.minHistory };
  return { ...checked, config: { ...checked.config, bounded } };
}
