import { Graph, mixKey, ops, Rng, Workspace, type Engine, type Tensor } from '../engine/index.ts';
import { normalizeInto } from '../ieg/generator-features.ts';
import { nearestToVector } from '../ieg/neighbours.ts';
import { FeatureItemEncoder } from '../sasrec/item-encoder.ts';
import type { EvalCase } from '../data/leave-one-out.ts';
import { FusionLayer } from '../fusion/fusion-layer.ts';
import { fuseScores } from '../fusion/train-fusion.ts';
import type { ItemEmbeddingGenerator } from '../ieg/generator.ts';
import { TaskLearner } from '../meta/task-learner.ts';
import { TaskPool } from '../meta/task-pool.ts';
import type { AdaptResult, AdaptTask, InnerSettings } from '../meta/task-ops.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import type { AdaptationConfig, LearnerName, MmlConfig } from './config.ts';

export interface LearnerSlot {
  name: LearnerName;
  model: SasRec;
}

/** The generator with the data it reads: a_i for every item and each item's neighbours. */
export interface GeneratorSlot {
  generator: ItemEmbeddingGenerator;
  /** How a_i is laid out: the modalities' blocks in order, each scaled to unit length. */
  blocks: Array<{ modality: 'text' | 'image'; size: number }>;
  /** a_i = concat of unit-length text and image vectors, [numItems + 1, featureSize], in the engine's heap. */
  features: Tensor;
  /** [numItems + 1, K] neighbour item indices by dot product of a. */
  neighbours: Int32Array;
}

/** A brand-new item's raw feature vectors (what the encoders stored), per modality it has. */
export type NewItemFeatures = Partial<Record<'text' | 'image', Float32Array>>;

/** What a brand-new item needs to be ranked by every learner, without retraining. */
export interface NewItemVectors {
  /** ĝ: the generator's ID embedding [D] (absent when the model has no generator). */
  id?: Float32Array;
  /** Item indices of the neighbours ĝ was mixed from, best first. */
  neighbours?: Int32Array;
  /** Each feature learner's item vector Linear(feature) [D], for the modalities the item has. */
  text?: Float32Array;
  image?: Float32Array;
}

/** How a learner meets a user: not at all, the bounded online procedure, or the paper's per-user epoch search. */
export type AdaptProcedure = 'none' | 'bounded' | 'paper';

/** One recommendation request's answer. */
export interface Recommendation {
  /** Fused scores [numItems + 1] (column 0 = −∞). */
  scores: Float32Array;
  /** The fusion's weight of each learner for this user: the explanation of the list. */
  weights: Record<string, number>;
}

/**
 * A trained MML model: one meta-trained SASRec per modality, the item embedding generator (its rows already
 * written into the ID table for items without training data), and the fusion layer. Adaptation runs on task
 * copies, so the model itself never changes while it serves.
 */
export class MmlModel {
  private readonly pools = new Map<LearnerName, TaskPool>();
  private readonly servers = new Map<LearnerName, TaskLearner>();
  private readonly workspace: Workspace;

  constructor(
    readonly engine: Engine,
    readonly config: MmlConfig,
    readonly numItems: number,
    readonly learners: LearnerSlot[],
    readonly generator: GeneratorSlot | undefined,
    readonly fusion: FusionLayer,
    /**
     * Items (1..numItems, ascending) that no training sequence contained: the model learned nothing from their events
     * (their ID rows are the generator's, where there is one). Serving treats them as it treats items added after
     * training (new-item slots). Empty for a model loaded from an artifact saved before this was recorded.
     */
    readonly itemsWithoutData: Int32Array = new Int32Array(0),
  ) {
    this.workspace = new Workspace(engine);
  }

  get modalities(): LearnerName[] {
    return this.learners.map((l) => l.name);
  }

  learner(name: LearnerName): SasRec {
    const slot = this.learners.find((l) => l.name === name);
    if (!slot) throw new Error(`this model has no ${name} learner (it has ${this.modalities.join(', ')})`);
    return slot.model;
  }

  /**
   * Whether a user with this many events is adapted to before ranking (bounded.minHistory; at least the two events
   * of one prefix → next sample). Serving and the evaluation's `mml` both ask this.
   */
  adapts(historyLength: number): boolean {
    return historyLength >= this.adaptsFrom;
  }

  /** The fewest events a user is adapted to on (see `adapts`). */
  get adaptsFrom(): number {
    return Math.max(2, this.config.bounded.minHistory);
  }

  /** The inner-loop settings of a procedure for one learner. */
  innerSettings(name: LearnerName, procedure: AdaptProcedure): InnerSettings {
    if (procedure === 'none') return { steps: 0, lr: 0, dropout: false };
    const config: AdaptationConfig = procedure === 'bounded' ? this.config.bounded : this.config.paper;
    return { steps: config.steps, lr: config.lr[name], dropout: config.dropout };
  }

  /**
   * Adapts each learner to every task with the given procedure (tasks spread over `threads` cores) and scores the
   * tasks' cases. Results per learner, in task order; `hidden` also returns the fusion's inputs. `firstIndex`: the
   * first task's index when the caller splits a set of tasks into several calls (same results as one call).
   */
  async adaptTasks(tasks: AdaptTask[], procedure: AdaptProcedure, { threads = this.config.threads, hidden = true, seed = this.config.seed, only, firstIndex = 0 }: { threads?: number; hidden?: boolean; seed?: number; only?: LearnerName[]; firstIndex?: number } = {}): Promise<Map<LearnerName, AdaptResult>> {
    const results = new Map<LearnerName, AdaptResult>();
    for (const { name } of this.learners) {
      if (only && !only.includes(name)) continue;
      const pool = await this.pool(name, threads);
      results.set(name, await pool.adapt(tasks, { inner: this.innerSettings(name, procedure), selectBest: procedure === 'paper', hidden, seed, firstIndex }));
    }
    return results;
  }

  /** Fused scores and weights for case `c` of every task, from adaptTasks' per-learner results. */
  fuse(results: Map<LearnerName, AdaptResult>, taskCount: number, caseIndex = 0): { scores: Float32Array; weights: Float32Array } {
    const V = this.numItems + 1;
    const H = this.fusion.config.hiddenWidth;
    const batch = Array.from({ length: taskCount }, (_, t) => ({
      hidden: this.modalities.map((name) => sliceRow(results.get(name)!.scored[t]!.hidden, caseIndex, H)),
      scores: this.modalities.map((name) => sliceRow(results.get(name)!.scored[t]!.scores, caseIndex, V)),
    }));
    return fuseScores(this.fusion, this.workspace, batch);
  }

  /**
   * Serving: scores every item for one user's recent history on the calling thread. With `adapt` (and a history
   * long enough, `adapts`), each learner first takes the bounded procedure's SGD steps on the history (local
   * modules only, on its own task copy).
   */
  recommend(history: Int32Array, { adapt }: { adapt: boolean }): Recommendation {
    if (history.length === 0) throw new Error('recommend needs at least one item in the history');
    const hidden: Float32Array[] = [];
    const scores: Float32Array[] = [];
    for (const { name } of this.learners) {
      const server = this.server(name);
      server.resetToTheta();
      if (adapt && this.adapts(history.length)) server.adapt(history, { ...this.innerSettings(name, 'bounded'), seed: this.config.seed, step: 0 }, new Rng(mixKey(this.config.seed, 0x5e7e, history.length)));
      const scored = server.score([history]);
      hidden.push(scored.hidden);
      scores.push(scored.scores);
    }
    const fused = fuseScores(this.fusion, this.workspace, [{ hidden, scores }]);
    return { scores: fused.scores, weights: Object.fromEntries(this.modalities.map((name, m) => [name, fused.weights[m]!])) };
  }

  /**
   * Serving's few-shot path: each learner's local modules after the bounded procedure's SGD steps on `history`
   * (exactly what `recommend(history, { adapt: true })` scores with), keyed `<learner>.<param>` as the serving
   * graph's inputs. A history of one item has nothing to learn from: θ's values come back.
   */
  adaptedLocalModules(history: Int32Array): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const { name } of this.learners) {
      const server = this.server(name);
      server.resetToTheta();
      server.adapt(history, { ...this.innerSettings(name, 'bounded'), seed: this.config.seed, step: 0 }, new Rng(mixKey(this.config.seed, 0x5e7e, history.length)));
      for (const p of server.local) out.set(`${name}.${p.name}`, Float32Array.from(p.value.data));
    }
    return out;
  }

  /** θ's item vectors of one learner, [numItems + 1, D] (row 0 padding): the ID table, or Linear(feature table). */
  itemVectors(name: LearnerName): Float32Array {
    const encoder = this.learner(name).encoder;
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      return Float32Array.from(encoder.all(g).data);
    } finally {
      g.dispose();
    }
  }

  /** The fusion's item-axis LayerNorm gain and bias of one learner, [numItems] (item i at i − 1). */
  scoreNorm(name: LearnerName): { gain: Float32Array; bias: Float32Array } {
    const m = this.modalities.indexOf(name);
    const params = this.fusion.modalities[m];
    if (!params) throw new Error(`this model has no ${name} learner (it has ${this.modalities.join(', ')})`);
    return { gain: Float32Array.from(params.scoreNorm.gamma.value.data), bias: Float32Array.from(params.scoreNorm.beta.value.data) };
  }

  /**
   * The fusion's item-axis gain per learner for an item added after training (serving appends it with these). Under
   * fusion.coldItems 'generator', with a generator, the generator's ID row stands in for every learner (gain M on
   * the ID learner, 0 on the others), exactly as for the items the model was trained without; otherwise 1 each.
   * An artifact from before that setting existed has none in its config and scored every item by every learner.
   */
  newItemGains(): Map<LearnerName, number> {
    const byGenerator = this.scoresItemsWithoutDataByGenerator;
    return new Map(this.modalities.map((name) => [name, byGenerator ? (name === 'id' ? this.modalities.length : 0) : 1]));
  }

  /** Whether items without training data are ranked by the generator's ID row alone (fusion.coldItems). */
  get scoresItemsWithoutDataByGenerator(): boolean {
    return this.generator !== undefined && this.config.fusion.coldItems === 'generator';
  }

  /**
   * Stage 2 for one item on its own (onboarding): ĝ from its features and its K nearest items' features, and each
   * feature learner's vector for it. `exclude` leaves an item index out of the neighbours (the item itself, when it
   * already has a row), which reproduces the row the generator wrote for it at training time.
   */
  newItemVectors(features: NewItemFeatures, { exclude = -1 }: { exclude?: number } = {}): NewItemVectors {
    const out: NewItemVectors = {};
    for (const name of ['text', 'image'] as const) {
      const vector = features[name];
      if (vector && this.modalities.includes(name)) out[name] = this.projectFeature(name, vector);
    }
    if (!this.generator) return out;
    const { generator, blocks, features: table } = this.generator;
    const size = generator.config.featureSize;
    const a = new Float32Array(size);
    let column = 0;
    for (const block of blocks) {
      const vector = features[block.modality];
      if (vector) {
        if (vector.length !== block.size) throw new Error(`the ${block.modality} vector has ${vector.length} values; this model's encoder gives ${block.size}`);
        normalizeInto(vector, a, column);
      }
      column += block.size;
    }
    const neighbours = nearestToVector(table.data, size, a, generator.config.neighbours, exclude);
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      const neighbourRows = new Float32Array(neighbours.length * size);
      const all = table.data;
      neighbours.forEach((item, k) => neighbourRows.set(all.subarray(item * size, (item + 1) * size), k * size));
      const id = generator.forward(g, g.constant(a, [1, size]), g.constant(neighbourRows, [neighbours.length, size]));
      out.id = Float32Array.from(id.data);
      out.neighbours = neighbours;
    } finally {
      g.dispose();
    }
    return out;
  }

  /** A feature learner's item vector for a raw feature: feature · W + b. */
  private projectFeature(name: 'text' | 'image', vector: Float32Array): Float32Array {
    const encoder = this.learner(name).encoder;
    if (!(encoder instanceof FeatureItemEncoder)) throw new Error(`the ${name} learner has no feature projection`);
    const F = encoder.weight.spec.shape[0]!;
    if (vector.length !== F) throw new Error(`the ${name} vector has ${vector.length} values; this model's encoder gives ${F}`);
    const g = new Graph(this.workspace, { training: false, noGrad: true });
    try {
      return Float32Array.from(ops.linear(g, g.constant(vector, [1, F]), encoder.weight.value, encoder.bias.value).data);
    } finally {
      g.dispose();
    }
  }

  /** Scores with one learner alone (no fusion): [cases, numItems + 1], on the calling thread, no adaptation. */
  scoreWithLearner(name: LearnerName, cases: readonly EvalCase[]): Float32Array {
    const server = this.server(name);
    server.refreshItemTable();
    server.resetToTheta();
    return server.score(cases.map((c) => c.history)).scores;
  }

  /** Forgets cached item vectors (after the ID table or θ changed outside the model, e.g. generator rows). */
  invalidate(): void {
    for (const server of this.servers.values()) server.refreshItemTable();
  }

  /** Ends the adaptation threads and gives this model's working memory back to the engine's other users. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    for (const server of this.servers.values()) server.workspace.release();
    this.servers.clear();
  }

  private async pool(name: LearnerName, threads: number): Promise<TaskPool> {
    let pool = this.pools.get(name);
    if (pool && pool.threads !== threads) {
      await pool.close();
      pool = undefined;
    }
    if (!pool) {
      pool = await TaskPool.start(this.engine, this.learner(name), threads);
      this.pools.set(name, pool);
    }
    return pool;
  }

  private server(name: LearnerName): TaskLearner {
    let server = this.servers.get(name);
    if (!server) {
      server = TaskLearner.create(this.engine, this.learner(name));
      this.servers.set(name, server);
    }
    return server;
  }
}

function sliceRow(values: Float32Array, row: number, width: number): Float32Array {
  return values.subarray(row * width, (row + 1) * width);
}
