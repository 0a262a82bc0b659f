import os from 'node:os';
import { markovScorer } from '../eval/markov.ts';
import { popularityScorer, sameScoresScorer } from '../eval/popularity.ts';
import type { Scorer } from '../eval/full-ranking.ts';
import { recencyPrior, withPrior } from '../eval/recency-prior.ts';
import { transitionPriorRows } from '../eval/transition-prior.ts';
import type { EvalCase } from '../data/leave-one-out.ts';
import { shuffleWithinTies } from '../data/ties.ts';
import { mixKey, Rng } from '../engine/index.ts';
import { equalWeightFusion } from '../fusion/fusion-layer.ts';
import type { AdaptResult, AdaptTask } from '../meta/task-ops.ts';
import { TaskPool } from '../meta/task-pool.ts';
import type { LearnerName, MmlConfig } from '../mml/config.ts';
import type { AdaptProcedure, MmlModel } from '../mml/mml-model.ts';
import { trainMml, type MmlProgress, type MmlTrainingReport, type TrainMmlResult } from '../mml/train-mml.ts';
import type { MmlTrainingData } from '../mml/training-data.ts';
import { SasRec } from '../sasrec/sasrec.ts';
import { EventLoopYielder } from '../train/event-loop-yielder.ts';
import { fitBpr } from '../train/fit-bpr.ts';
import type { TimedSequenceDataset } from './dataset.ts';
import { joinReplays, placeInLists, slotPolicies, slotReplayCases, summarizeSlots, type NewItemSlotsOptions, type NewItemSlotsReport, type SlotReplay } from './new-item-slots.ts';
import { firstItemsReport, firstItemsScores, type FirstItemsPolicy, type FirstItemsReport } from './first-items.ts';
import { rankRows, rankWith, row } from './rank-rows.ts';
import { coldStartSplit, validationDataset, validationFolds, type ColdStartOptions, type ColdStartSplit } from './split.ts';
import { comparePaired, meanStd, summarize, type MeanStd, type MetricTable, type PairedComparison, type RanksBySeed } from './summary.ts';
import { newUserTasks, VALIDATED_HISTORY_LENGTH } from './tasks.ts';

export interface ColdStartEvalInput {
  dataset: TimedSequenceDataset;
  features: MmlTrainingData['features'];
}

export interface ColdStartEvalOptions {
  config: MmlConfig;
  seeds: number[];
  /** New users' history lengths, one slice each (cold-start v1: 5, 10, 20). */
  ns: number[];
  /** The slice whose table heads the report (10). */
  headlineN: number;
  split?: ColdStartOptions;
  /** Evaluate on the tuning protocol instead: old users' pre-split data split again (see validationDataset). */
  validation?: boolean;
  /**
   * With validation: how many windows back in time (validationFolds), each trained and ranked on its own, their
   * users pooled into one report (1: the late old users alone).
   */
  folds?: number;
  /** New users whose bounded adaptation is timed one by one on one thread. */
  latencyUsers?: number;
  /**
   * Also rank the new users of every slice with what is popular at the split time added to the scores (mml, sasrec,
   * id-only; eval/recency-prior.ts), once per half-life and weight: methods `<name>+recent(<days>d,<weight>)`.
   */
  recencyGrid?: { halfLifeDays: number[]; weights: number[] };
  /**
   * Also rank them with the item-transition baseline's scores added (eval/transition-prior.ts), once per weight:
   * methods `<name>+transitions(<weight>)`. A hybrid of MML and Markov, measured before anything like it is served.
   */
  transitionWeights?: number[];
  /**
   * Also rank mml with its fused scores averaged over this many orders of each new user's history (the order as
   * listed, then random orders within runs of equal timestamps, which the data does not order): method
   * `mml+tie-orders(<count>)`. Measured before anything like it is served.
   */
  tieOrders?: number;
  /**
   * Put every case's rank per method and seed in the report (`ranks`), so two runs with different settings can be
   * compared user by user (compareRanks): far steadier than comparing their means.
   */
  keepRanks?: boolean;
  /** Cases (new users, item-cold events) ranked at once: bounds memory, each holds a score row per method; 256. */
  rankChunk?: number;
  /**
   * Also replay the events after the split time as served lists of mml with these many new-item slots
   * (new-item-slots.ts): what each count costs and gains, in `newItemSlots`.
   */
  newItemSlots?: NewItemSlotsOptions;
  signal?: AbortSignal;
  onProgress?: (progress: MmlProgress & { seed: number; fold?: number }) => void;
}

/** What one split holds: its time, and how many users, new items and item-cold events it has. */
export interface SplitSummary {
  splitTime: number;
  oldUsers: number;
  newUsers: number;
  newItems: number;
  itemColdCases: number;
}

export interface ColdStartEvalReport {
  protocol: SplitSummary & {
    name: 'cold-start v1' | 'cold-start v1, validation (old users only)' | 'cold-start v1, validation (old users only, folds back in time)';
    items: number;
    /** With validation folds: each fold's split (fold 1 first); the fields above then describe fold 1, but newUsers and itemColdCases count every fold's. */
    folds?: Array<SplitSummary & { fold: number; windowEnd: number | null }>;
    ns: number[];
    headlineN: number;
    seeds: number[];
    modalities: LearnerName[];
  };
  /** The headline slice (n = headlineN), history masked: methods.<name>.<metric>@<k> = {mean, std}. */
  methods: Record<string, MetricTable>;
  /** Every slice ('n=5', 'n=10', 'n=20', 'item-cold'), history masked. */
  slices: Record<string, Record<string, MetricTable>>;
  /** The same slices ranked over every item (the paper's protocol). */
  unmasked: Record<string, Record<string, MetricTable>>;
  /** `mml vs <baseline>` per slice: paired per-user NDCG@10 differences, seeds averaged per user. */
  paired: Record<string, Record<string, PairedComparison>>;
  adaptation: {
    /**
     * Wall time of one user's bounded adaptation + scoring + fusion on one thread (all learners), with the machine's
     * 1-minute load average when timing began (the highest over seeds and folds) and its cores: above the core
     * count other work shared the timed thread's core, and the p99 may say more about the machine than the model.
     */
    boundedLatencyMs: { p50: number; p99: number; mean: number; users: number; loadAverage1m: number; cores: number };
    /** Epoch the paper's procedure kept per learner at the headline n (mean over users and seeds). */
    paperEpochs: Partial<Record<LearnerName, number>>;
  };
  /** Seconds per stage, mean over seeds ('train:…' stages from training, 'eval:…' from this harness). */
  stageSeconds: Record<string, MeanStd>;
  training: MmlTrainingReport[];
  seconds: number;
  /**
   * What users without any history get (first-items.ts): each candidate ranked on late old users' first pick, the
   * one chosen, and each on the new users' first pick. Absent from validation runs and from versions trained before
   * it existed (they serve all-time counts).
   */
  firstItems?: FirstItemsReport;
  /** With keepRanks: per slice, its cases and each method's masked 0-based ranks, one array per seed. */
  ranks?: Record<string, SliceRanks>;
  /** With options.newItemSlots: the events after the split replayed as lists with each slot count. */
  newItemSlots?: NewItemSlotsReport;
}

/** One slice's cases (dataset user index and target item) and the ranks each method gave them, per seed. */
export interface SliceRanks {
  users: number[];
  targets: number[];
  methods: Record<string, number[][]>;
}

/** The methods every slice reports, in table order. */
export const METHOD_ORDER = [
  'mml', 'mml-paper-metatest', 'mml-no-adaptation', 'mml-no-generator', 'mml-equal-fusion', 'id-only', 'text-only', 'image-only',
  'sasrec', 'sasrec-finetune', 'sasrec-new-users', 'markov', 'first-items', 'popularity',
] as const;

type Ranks = Map<string, RanksBySeed>;

/** The methods also ranked with a prior added (options.recencyGrid, options.transitionWeights). */
const PRIOR_METHODS = new Set(['mml', 'id-only', 'sasrec']);

/**
 * The whole cold-start v1 protocol (mml-method.md) on one dataset: the time split, MML trained on old users per
 * seed, every new user adapted and ranked at each history length, every baseline in the same harness and the
 * item-cold slice, summarised as mean ± std over seeds with paired per-user comparisons.
 */
export async function evaluateColdStart(input: ColdStartEvalInput, options: ColdStartEvalOptions): Promise<ColdStartEvalReport> {
  const folds = options.folds ?? 1;
  if (folds !== 1 && !options.validation) throw new Error('folds go with the tuning protocol (validation): the real new users are one fixed set');
  const splits = folds === 1
    ? [{ fold: undefined, windowEnd: Infinity, split: coldStartSplit(options.validation ? validationDataset(input.dataset, options.split) : input.dataset, options.split) }]
    : validationFolds(input.dataset, folds, options.split).map((f) => ({ fold: f.fold, windowEnd: f.windowEnd, split: coldStartSplit(f.dataset, { ...options.split, splitTime: f.splitTime }) }));
  // What users without history would get (not on the tuning protocol, which never looks at real new users).
  const firstItems = options.validation ? undefined : firstItemsReport(input.dataset, options.split);
  const harnesses: ColdStartHarness[] = [];
  for (const { fold, split } of splits) {
    const harness = new ColdStartHarness(split, { ...options, fold, firstItems: firstItems?.chosen });
    for (const seed of options.seeds) {
      const config = { ...options.config, seed };
      const trained = await trainMml(harness.trainingData(input.features), config, {
        signal: options.signal,
        onProgress: (p) => options.onProgress?.({ ...p, seed, fold }),
        keepSnapshots: true,
      });
      try {
        await harness.evaluate(trained, seed);
      } finally {
        await trained.model.close();
      }
    }
    harnesses.push(harness);
  }
  if (folds !== 1) return ColdStartHarness.pooled(harnesses, splits.map((s) => s.windowEnd));
  const report = harnesses[0]!.report();
  return firstItems ? { ...report, firstItems } : report;
}

/**
 * Ranks every method of the protocol on one split, one trained model (one seed) at a time, and summarises
 * whatever seeds it has seen. A training pipeline evaluates the one model it is about to store with it.
 */
export class ColdStartHarness {
  private readonly slices = new Map<string, { cases: EvalCase[]; ranks: Ranks; unmasked: Ranks }>();
  private readonly stageTimes = new Map<string, number[]>();
  private readonly trainingReports: MmlTrainingReport[] = [];
  /** Each timed user's milliseconds, and the 1-minute load average as each timing began. */
  private readonly latency: { ms: number[]; loads: number[] } = { ms: [], loads: [] };
  private readonly paperEpochs = new Map<LearnerName, number[]>();
  private readonly started = performance.now();
  private readonly seeds: number[] = [];
  private modalities: LearnerName[] = [];
  /** The item-transition baseline over this split's training sequences: ranked as `markov`, and a prior's rows. */
  private readonly markov: Scorer;
  /** Priors added to the scores (options.recencyGrid, options.transitionWeights): one row per case, per weight a label. */
  private readonly priors: Array<{ rows: (cases: readonly EvalCase[]) => Float32Array[]; weights: Array<{ label: string; weight: number }> }> = [];
  /** With options.newItemSlots: the replayed events (new-item targets first) and each seed's places per slot count. */
  private readonly slotReplay?: { cases: EvalCase[]; newCases: number; places: Int32Array[][]; shown: Uint8Array[][] };

  constructor(
    readonly split: ColdStartSplit,
    private readonly options: Omit<ColdStartEvalOptions, 'config' | 'seeds'> & {
      fold?: number;
      /**
       * The counted list users without history get (firstItemsReport's choice): also ranked as method `first-items`,
       * the user's own items masked, so each slice says whether a user with that many events is better served by
       * the model than by that list.
       */
      firstItems?: FirstItemsPolicy;
    },
  ) {
    this.markov = markovScorer(split.oldSequences, split.numItems);
    for (const days of options.recencyGrid?.halfLifeDays ?? []) {
      const prior = recencyPrior(split.oldSequences, split.oldTimes, split.numItems, { halfLifeSeconds: days * 86_400, now: split.splitTime });
      this.priors.push({ rows: (cases) => cases.map(() => prior), weights: options.recencyGrid!.weights.map((weight) => ({ label: `+recent(${days}d,${weight})`, weight })) });
    }
    if (options.transitionWeights?.length) {
      this.priors.push({ rows: (cases) => transitionPriorRows(this.markov, cases, split.numItems), weights: options.transitionWeights.map((weight) => ({ label: `+transitions(${weight})`, weight })) });
    }
    const slots = options.newItemSlots;
    if (slots) {
      validateSlotOptions(slots);
      // Without a single new item no slot can be filled: nothing to replay.
      if (split.newItems.some((flag) => flag === 1)) {
        const { newTargets, otherTargets } = slotReplayCases(split.laterEvents, slots.sample ?? SLOT_SAMPLE, slots.newSample);
        const policies = slotPolicies(slots);
        this.slotReplay = { cases: [...newTargets, ...otherTargets], newCases: newTargets.length, places: policies.map(() => []), shown: policies.map(() => []) };
      }
    }
  }

  /** What MML may train on under this split: old users' events up to the split time, and the item features. */
  trainingData(features: MmlTrainingData['features']): MmlTrainingData {
    return { numItems: this.split.numItems, sequences: this.split.oldSequences, times: this.split.oldTimes, features };
  }

  /** Ranks every slice's cases with a model trained (with keepSnapshots) on trainingData(), and its baselines. */
  async evaluate(trained: TrainMmlResult, seed: number): Promise<void> {
    const { model } = trained;
    const { signal } = this.options;
    const config = { ...model.config, seed };
    const progress = (stage: string, fraction: number) => this.options.onProgress?.({ stage, stageFraction: fraction, fraction: 1, seed, fold: this.options.fold });
    this.seeds.push(seed);
    this.modalities = model.modalities;
    this.trainingReports.push(trained.report);
    for (const stage of trained.report.stages) this.time(`train:${stage.stage}`, stage.seconds);
    const baselines = await BaselineLearners.create(model, trained, config);
    try {
      for (const n of this.options.ns) {
        signal?.throwIfAborted();
        progress(`eval:n=${n}`, 0);
        await this.evaluateHistoryLength(model, baselines, n);
      }
      signal?.throwIfAborted();
      progress('eval:item-cold', 0);
      await this.timed('eval:item-cold', () => this.evaluateItemCold(model, baselines, (fraction) => progress('eval:item-cold', fraction)));
      if (this.slotReplay) {
        signal?.throwIfAborted();
        progress('eval:new-item-slots', 0);
        await this.timed('eval:new-item-slots', () => this.replaySlots(model, (fraction) => progress('eval:new-item-slots', fraction)));
      }
    } finally {
      await baselines.close();
    }
  }

  private async evaluateHistoryLength(model: MmlModel, baselines: BaselineLearners, n: number): Promise<void> {
    const { numItems } = this.split;
    const modalities = model.modalities;
    const all = newUserTasks(this.split, n).map((t): AdaptTask => ({ support: t.support, cases: [t.test], select: t.valid }));
    const allCases = all.map((t) => t.cases[0]!);
    const name = `n=${n}`;
    const ranks = new Ranking();
    const seconds = new Map<string, number>();
    const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        seconds.set(stage, (seconds.get(stage) ?? 0) + (performance.now() - t) / 1000);
      }
    };
    // The equal-weight ablation is the fusion layer with every user's weights at 1/M, its item-axis gains kept (they
    // say how items without training data are scored, fusion.coldItems): it measures what the learned gates add.
    const affine = modalities.map((m) => model.scoreNorm(m));
    // SASRec on new users' data alone learns from every new user's support at once; it is scored chunk by chunk.
    // Histories of one event (n = 2) give it nothing to learn from: no such baseline there.
    const newUsersOnly = all.some((t) => t.support.length >= 2) ? await timed(`eval:${name}:sasrec`, () => baselines.trainNewUsersOnly(all)) : undefined;
    // The paper's meta-test picks its epoch on the validation case, which cuts shorter than 4 events do not have.
    const validated = n >= VALIDATED_HISTORY_LENGTH;
    // The served procedure: adapted only where serving would adapt a user who knows these n − 1 events.
    const served: AdaptProcedure = model.adapts(n - 1) ? 'bounded' : 'none';
    try {
      // In chunks of users: each holds a full score row per method (and the fusion's hidden states), which for a
      // large catalog does not fit in memory for every new user at once. Ranks are all that is kept.
      let firstIndex = 0;
      for (const tasks of chunks(all, this.options.rankChunk ?? RANK_CHUNK)) {
        const at = { firstIndex };
        firstIndex += tasks.length;
        const cases = tasks.map((t) => t.cases[0]!);
        const priorRows = this.priors.map((prior) => prior.rows(cases));
        const record = (method: string, rows: Float32Array[]) => {
          ranks.add(method, rankRows(rows, cases, numItems));
          if (!PRIOR_METHODS.has(method)) return;
          this.priors.forEach(({ weights }, p) => {
            for (const { label, weight } of weights) ranks.add(`${method}${label}`, rankRows(rows.map((r, c) => withPrior(r, priorRows[p]![c]!, weight)), cases, numItems));
          });
        };
        const bounded = await timed(`eval:${name}:bounded`, () => model.adaptTasks(tasks, served, at));
        record('mml', splitRows(model.fuse(bounded, tasks.length).scores, numItems));
        const paper = validated ? await timed(`eval:${name}:paper`, () => model.adaptTasks(tasks, 'paper', at)) : undefined;
        if (paper) record('mml-paper-metatest', splitRows(model.fuse(paper, tasks.length).scores, numItems));
        // What the per-user adaptation adds: the meta-learned learners as they are, fused the same way.
        const none = served === 'none' ? bounded : await timed(`eval:${name}:no-adaptation`, () => model.adaptTasks(tasks, 'none', at));
        record('mml-no-adaptation', splitRows(model.fuse(none, tasks.length).scores, numItems));
        record('mml-equal-fusion', tasks.map((_, t) => equalWeightFusion(modalities.map((m) => bounded.get(m)!.scored[t]!.scores), { affine })));
        for (const m of modalities) record(`${m}-only`, learnerRows(bounded.get(m)!));
        if (paper && n === this.options.headlineN) for (const m of modalities) this.paperEpochs.set(m, [...(this.paperEpochs.get(m) ?? []), ...paper.get(m)!.epochs]);
        const tieOrders = this.options.tieOrders ?? 1;
        if (tieOrders > 1) {
          const reordered = tasks.map((t, i) => {
            const user = at.firstIndex + i; // the task's index among all new users, as in split.newTimes
            return { ...t, cases: tieOrderCases(t.cases[0]!, this.split.newTimes[user]!, tieOrders, mixKey(0x71e5, n, user)) };
          });
          const adapted = await timed(`eval:${name}:tie-orders`, () => model.adaptTasks(reordered, served, at));
          const fused = Array.from({ length: tieOrders }, (_, k) => splitRows(model.fuse(adapted, tasks.length, k).scores, numItems));
          record(`mml+tie-orders(${tieOrders})`, fused[0]!.map((_, t) => meanRow(fused.map((rows) => rows[t]!))));
        }
        if (model.generator) {
          const withoutGenerator = await timed(`eval:${name}:no-generator`, () => baselines.withoutGenerator(() => model.adaptTasks(tasks, served, { only: ['id'], ...at })));
          record('mml-no-generator', splitRows(model.fuse(new Map([...bounded, ['id', withoutGenerator.get('id')!]]), tasks.length).scores, numItems));
        }
        await timed(`eval:${name}:sasrec`, async () => {
          record('sasrec', learnerRows(await baselines.sasrec(tasks, 'none', at.firstIndex)));
          record('sasrec-finetune', learnerRows(await baselines.sasrec(tasks, 'bounded', at.firstIndex)));
          if (newUsersOnly) record('sasrec-new-users', learnerRows(await newUsersOnly.score(tasks, at.firstIndex)));
        });
      }
    } finally {
      await newUsersOnly?.close();
    }
    for (const [stage, total] of seconds) this.time(stage, total);
    for (const [method, caseRanks] of ranks.joined()) this.record(name, allCases, method, caseRanks);
    if (n === this.options.headlineN) {
      this.latency.loads.push(os.loadavg()[0]!);
      this.latency.ms.push(...(await timeRecommendations(model, allCases, this.options.latencyUsers ?? 100)));
    }
  }

  private async evaluateItemCold(model: MmlModel, baselines: BaselineLearners, onChunk?: (fraction: number) => void): Promise<void> {
    const all = this.split.itemColdCases;
    if (all.length === 0) return;
    const { numItems } = this.split;
    const ranks = new Ranking();
    let done = 0;
    // In chunks, as for new users: thousands of item-cold events × the catalog per method do not fit at once.
    for (const cases of chunks(all, this.options.rankChunk ?? RANK_CHUNK)) {
      const at = { firstIndex: done };
      const record = (method: string, rows: Float32Array[]) => ranks.add(method, rankRows(rows, cases, numItems));
      const tasks = cases.map((c): AdaptTask => ({ support: new Int32Array(0), cases: [c] }));
      const none = await model.adaptTasks(tasks, 'none', at);
      record('mml', splitRows(model.fuse(none, tasks.length).scores, numItems));
      for (const m of model.modalities) record(`${m}-only`, learnerRows(none.get(m)!));
      if (model.generator) {
        const withoutGenerator = await baselines.withoutGenerator(() => model.adaptTasks(tasks, 'none', { only: ['id'], ...at }));
        record('mml-no-generator', splitRows(model.fuse(new Map([...none, ['id', withoutGenerator.get('id')!]]), tasks.length).scores, numItems));
        record('id-only-no-generator', learnerRows(withoutGenerator.get('id')!));
      }
      record('sasrec', learnerRows(await baselines.sasrec(tasks, 'none', at.firstIndex)));
      onChunk?.((done += cases.length) / all.length);
    }
    for (const [method, caseRanks] of ranks.joined()) this.record('item-cold', all, method, caseRanks);
  }

  /**
   * Each replayed event as the list serving would have shown that user just before it (adapted on their history
   * where serving adapts them), with every slot count, from mml's fused scores.
   */
  private async replaySlots(model: MmlModel, onChunk?: (fraction: number) => void): Promise<void> {
    const replay = this.slotReplay!;
    const { listLength = SLOT_LIST_LENGTH, coldThreshold } = this.options.newItemSlots!;
    const policies = slotPolicies(this.options.newItemSlots!);
    const { numItems, newItems } = this.split;
    const places = policies.map(() => new Int32Array(replay.cases.length));
    const shown = policies.map(() => new Uint8Array(replay.cases.length));
    const seen = new Uint8Array(numItems + 1);
    let done = 0;
    for (const cases of chunks(replay.cases, this.options.rankChunk ?? RANK_CHUNK)) {
      const adapted = cases.map((c) => c.history.length < coldThreshold && model.adapts(c.history.length));
      for (const procedure of ['bounded', 'none'] as const) {
        const picked = cases.flatMap((_, i) => (adapted[i] === (procedure === 'bounded') ? [i] : []));
        if (picked.length === 0) continue;
        const tasks = picked.map((i): AdaptTask => ({ support: procedure === 'bounded' ? cases[i]!.history.slice() : new Int32Array(0), cases: [cases[i]!] }));
        const result = await model.adaptTasks(tasks, procedure, { firstIndex: done + picked[0]! });
        // The fused rows live in the model's workspace until its next fusion: placed at once.
        const rows = splitRows(model.fuse(result, tasks.length).scores, numItems);
        picked.forEach((i, t) => {
          placeInLists(rows[t]!, cases[i]!, newItems, policies, listLength, seen).forEach(({ place, showedNew }, s) => {
            places[s]![done + i] = place;
            shown[s]![done + i] = showedNew ? 1 : 0;
          });
        });
      }
      onChunk?.((done += cases.length) / replay.cases.length);
    }
    policies.forEach((_, s) => {
      replay.places[s]!.push(places[s]!);
      replay.shown[s]!.push(shown[s]!);
    });
  }

  /** This harness's replay as new-item-slots.ts reads it (absent without options.newItemSlots or new items). */
  private slotReplayResult(): SlotReplay | undefined {
    const replay = this.slotReplay;
    const options = this.options.newItemSlots;
    if (!replay || !options || replay.places[0]!.length === 0) return undefined;
    return {
      policies: slotPolicies(options),
      listLength: options.listLength ?? SLOT_LIST_LENGTH,
      events: this.split.laterEvents.count,
      newItemEvents: this.split.laterEvents.newTargets,
      newCases: replay.newCases,
      otherCases: replay.cases.length - replay.newCases,
      places: replay.places,
      shown: replay.shown,
    };
  }

  /** The summary over every seed evaluated so far, with the deterministic baselines added. */
  report(): ColdStartEvalReport {
    this.rankDeterministicBaselines();
    const report = buildReport({ ...summarizeSplit(this.split), items: this.split.numItems }, { ...this.options, seeds: this.seeds }, this.modalities, this.slices, this.stageTimes, this.trainingReports, this.latency, this.paperEpochs, this.started);
    const replay = this.slotReplayResult();
    if (replay) return { ...report, newItemSlots: summarizeSlots(replay) };
    return this.options.newItemSlots ? { ...report, newItemSlots: nothingToReplay(this.options.newItemSlots, this.split) } : report;
  }

  /**
   * One report over several validation folds' harnesses (same seeds, same methods): each fold's users ranked by
   * that fold's own models, pooled per seed, so means and paired intervals run over every fold's users.
   * `windowEnds[f]` is fold f + 1's window end (Infinity for the latest).
   */
  static pooled(harnesses: readonly ColdStartHarness[], windowEnds: readonly number[]): ColdStartEvalReport {
    const [first] = harnesses;
    if (!first) throw new Error('pooling needs at least one harness');
    for (const h of harnesses) h.rankDeterministicBaselines();
    const slices = new Map<string, { cases: EvalCase[]; ranks: Ranks; unmasked: Ranks }>();
    for (const name of first.slices.keys()) {
      const parts = harnesses.map((h) => h.slices.get(name));
      if (parts.some((part) => !part)) continue; // a fold without, say, item-cold events: that slice is not pooled
      const join = (pick: (part: { ranks: Ranks; unmasked: Ranks }) => Ranks): Ranks => {
        const out: Ranks = new Map();
        for (const method of pick(parts[0]!).keys()) {
          const bySeed = parts.map((part) => pick(part!).get(method));
          if (bySeed.some((ranks) => !ranks)) continue;
          out.set(method, first.seeds.map((_, seed) => concatInts(bySeed.map((ranks) => ranks![seed]!))));
        }
        return out;
      };
      slices.set(name, { cases: parts.flatMap((part) => part!.cases), ranks: join((part) => part.ranks), unmasked: join((part) => part.unmasked) });
    }
    const mergeLists = <K, V>(maps: ReadonlyArray<Map<K, V[]>>) => {
      const out = new Map<K, V[]>();
      for (const map of maps) for (const [key, values] of map) out.set(key, [...(out.get(key) ?? []), ...values]);
      return out;
    };
    const folds = harnesses.map((h, i) => ({ fold: i + 1, windowEnd: Number.isFinite(windowEnds[i]) ? windowEnds[i]! : null, ...summarizeSplit(h.split) }));
    const protocol = {
      ...summarizeSplit(first.split),
      items: first.split.numItems,
      newUsers: folds.reduce((sum, f) => sum + f.newUsers, 0),
      itemColdCases: folds.reduce((sum, f) => sum + f.itemColdCases, 0),
      folds,
    };
    const report = buildReport(protocol, { ...first.options, seeds: first.seeds }, first.modalities, slices, mergeLists(harnesses.map((h) => h.stageTimes)),
      harnesses.flatMap((h) => h.trainingReports), { ms: harnesses.flatMap((h) => h.latency.ms), loads: harnesses.flatMap((h) => h.latency.loads) }, mergeLists(harnesses.map((h) => h.paperEpochs)), Math.min(...harnesses.map((h) => h.started)));
    // Folds without a new item replay nothing; the others' events are pooled.
    const replays = harnesses.flatMap((h) => h.slotReplayResult() ?? []);
    if (replays.length > 0) return { ...report, newItemSlots: summarizeSlots(joinReplays(replays)) };
    return first.options.newItemSlots ? { ...report, newItemSlots: nothingToReplay(first.options.newItemSlots, first.split) } : report;
  }

  /**
   * Markov, popularity and the first-items list: no randomness, ranked once per slice and repeated per seed so every
   * table has the same shape.
   */
  private rankDeterministicBaselines(): void {
    const { numItems } = this.split;
    const scorers: Array<[string, Scorer]> = [['markov', this.markov], ['popularity', popularityScorer(this.split.oldSequences, numItems)]];
    if (this.options.firstItems) scorers.push(['first-items', sameScoresScorer(firstItemsScores(this.split, this.options.firstItems))]);
    for (const [, s] of this.slices) {
      if (s.ranks.get('markov')?.length === this.seeds.length) continue; // ranked already, for as many seeds as now
      for (const [method, scorer] of scorers) {
        const ranks = rankWith(scorer, s.cases, numItems);
        s.ranks.set(method, this.seeds.map(() => ranks.masked));
        s.unmasked.set(method, this.seeds.map(() => ranks.unmasked));
      }
    }
  }

  private record(sliceName: string, cases: EvalCase[], method: string, ranks: { masked: Int32Array; unmasked: Int32Array }): void {
    if (!this.slices.has(sliceName)) this.slices.set(sliceName, { cases, ranks: new Map(), unmasked: new Map() });
    const s = this.slices.get(sliceName)!;
    s.ranks.set(method, [...(s.ranks.get(method) ?? []), ranks.masked]);
    s.unmasked.set(method, [...(s.unmasked.get(method) ?? []), ranks.unmasked]);
  }

  private time(stage: string, seconds: number): void {
    this.stageTimes.set(stage, [...(this.stageTimes.get(stage) ?? []), seconds]);
  }

  private async timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const t = performance.now();
    const result = await work();
    this.time(stage, (performance.now() - t) / 1000);
    return result;
  }
}

/** The ablations that need learners or rows besides the trained model's own. */
class BaselineLearners {
  private constructor(
    private readonly model: MmlModel,
    private readonly trained: TrainMmlResult,
    private readonly config: MmlConfig,
    private readonly pretrainedPool: TaskPool,
  ) {}

  static async create(model: MmlModel, trained: TrainMmlResult, config: MmlConfig): Promise<BaselineLearners> {
    const id = model.learner('id');
    const pretrained = SasRec.create(model.engine, id.config, { seed: 0, replicas: 1 });
    pretrained.store.restore(trained.snapshots!.pretrained.id!);
    return new BaselineLearners(model, trained, config, await TaskPool.start(model.engine, pretrained, config.threads));
  }

  /** SASRec trained on old users (the ID learner before meta-learning), with or without per-user fine-tuning. */
  sasrec(tasks: AdaptTask[], procedure: 'none' | 'bounded', firstIndex = 0): Promise<AdaptResult> {
    return this.pretrainedPool.adapt(tasks, { inner: this.model.innerSettings('id', procedure), hidden: false, seed: this.config.seed, firstIndex });
  }

  /**
   * SASRec trained from scratch on the new users' support sequences alone ("down"), validated on their validation
   * items; `score` then ranks any of those tasks (chunk by chunk), `close` frees it (its pool and its parameters).
   */
  async trainNewUsersOnly(tasks: AdaptTask[]): Promise<{ score: (tasks: AdaptTask[], firstIndex: number) => Promise<AdaptResult>; close: () => Promise<void> }> {
    const id = this.model.learner('id');
    const model = SasRec.create(this.model.engine, id.config, { seed: this.config.seed, replicas: this.config.threads });
    const validation = tasks.flatMap((t) => (t.select ? [t.select] : []));
    await fitBpr(model, tasks.map((t) => t.support), { ...this.config.pretrain, seed: this.config.seed, threads: this.config.threads, validation, validateEvery: 1 });
    const pool = await TaskPool.start(this.model.engine, model, this.config.threads);
    return {
      score: (chunk, firstIndex) => pool.adapt(chunk, { inner: { steps: 0, lr: 0, dropout: false }, hidden: false, seed: this.config.seed, firstIndex }),
      close: async () => {
        await pool.close();
        model.store.release(); // its memory goes back to the heap for the rest of the evaluation
      },
    };
  }

  /** Runs work with the ID rows of cold items as they were before the generator wrote them, then puts ĝ back. */
  async withoutGenerator<T>(work: () => Promise<T>): Promise<T> {
    const before = this.trained.snapshots?.idRowsBeforeGenerator;
    if (!before) return work();
    const items = this.trained.prepared.coldItems;
    const table = this.model.learner('id').store.get('item_embedding.weight').value;
    const D = table.shape[1]!;
    const generated = new Float32Array(items.length * D);
    const f = () => table.heap.f();
    items.forEach((item, u) => generated.set(f().subarray(table.offset + item * D, table.offset + (item + 1) * D), u * D));
    const write = (rows: Float32Array) => items.forEach((item, u) => f().set(rows.subarray(u * D, (u + 1) * D), table.offset + item * D));
    write(before);
    try {
      return await work();
    } finally {
      write(generated);
    }
  }

  async close(): Promise<void> {
    await this.pretrainedPool.close();
  }
}

/** Each task's first case's scores from one learner's adaptation results. */
/** Cases ranked at once: bounds the score rows held in memory (cases × methods × catalog). */
const RANK_CHUNK = 256;
/** Replayed lists' length: recommendations' default `first`. */
const SLOT_LIST_LENGTH = 10;
/** Events with an old item as target replayed at most (new-item-slots.ts). */
const SLOT_SAMPLE = 3000;

/** Slots asked for where no item is new at the split time: none could be filled, so the report says so and has no rows. */
function nothingToReplay(options: NewItemSlotsOptions, split: ColdStartSplit): NewItemSlotsReport {
  return { listLength: options.listLength ?? SLOT_LIST_LENGTH, events: split.laterEvents.count, newItemEvents: 0, outcomes: [] };
}

function validateSlotOptions({ slots, within = [], listLength = SLOT_LIST_LENGTH, sample = SLOT_SAMPLE, newSample, coldThreshold }: NewItemSlotsOptions): void {
  if (within.some((r) => !Number.isInteger(r) || r < 1)) throw new Error(`new-item slot bounds (within the top R) must be whole numbers ≥ 1; got ${within.join(', ')}`);
  if (slots.length === 0 || !slots.includes(0)) throw new Error(`new-item slots to replay must include 0, the lists every other count is compared with; got ${slots.join(', ') || 'none'}`);
  if (slots.some((k) => !Number.isInteger(k) || k < 0 || k > listLength)) throw new Error(`new-item slots must be whole numbers from 0 to the list length (${listLength}); got ${slots.join(', ')}`);
  if (new Set(slots).size !== slots.length) throw new Error(`new-item slots are listed twice: ${slots.join(', ')}`);
  if (!Number.isInteger(listLength) || listLength < 1) throw new Error(`the replayed lists' length must be a whole number ≥ 1, got ${listLength}`);
  if (!Number.isInteger(sample) || sample < 0) throw new Error(`the sample of other events must be a whole number ≥ 0, got ${sample}`);
  if (newSample !== undefined && (!Number.isInteger(newSample) || newSample < 1)) throw new Error(`the sample of new-item events must be a whole number ≥ 1, got ${newSample}`);
  if (!Number.isInteger(coldThreshold) || coldThreshold < 0) throw new Error(`the cold threshold must be a whole number ≥ 0, got ${coldThreshold}`);
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`rankChunk must be a positive integer, got ${size}`);
  return Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));
}

/** Each method's ranks, chunk by chunk, joined in case order at the end. */
class Ranking {
  private readonly parts = new Map<string, Array<{ masked: Int32Array; unmasked: Int32Array }>>();

  add(method: string, ranks: { masked: Int32Array; unmasked: Int32Array }): void {
    this.parts.set(method, [...(this.parts.get(method) ?? []), ranks]);
  }

  joined(): Array<[string, { masked: Int32Array; unmasked: Int32Array }]> {
    return [...this.parts].map(([method, parts]) => [method, { masked: concatInts(parts.map((p) => p.masked)), unmasked: concatInts(parts.map((p) => p.unmasked)) }]);
  }
}

function concatInts(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The case, then `count − 1` copies whose history is put in random orders within its runs of equal times. */
function tieOrderCases(test: EvalCase, times: Float64Array, count: number, key: number): EvalCase[] {
  const stamps = times.subarray(0, test.history.length);
  const rng = new Rng(key);
  return [test, ...Array.from({ length: count - 1 }, () => ({ ...test, history: shuffleWithinTies([test.history], [stamps], rng)[0]! }))];
}

function meanRow(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows[0]!.length);
  for (const r of rows) for (let i = 0; i < out.length; i++) out[i]! += r[i]! / rows.length;
  return out;
}

function learnerRows(result: AdaptResult): Float32Array[] {
  return result.scored.map((s) => s.scores); // one case per task: one row
}

function splitRows(values: Float32Array, numItems: number): Float32Array[] {
  const width = numItems + 1;
  return Array.from({ length: values.length / width }, (_, r) => row(values, r, width));
}

/** One user at a time on the calling thread, as the API will serve them: milliseconds per call. */
/** Each user's bounded adaptation and ranking, timed alone; the event loop runs between users, never inside a timing. */
async function timeRecommendations(model: MmlModel, cases: readonly EvalCase[], users: number): Promise<number[]> {
  const sample = cases.slice(0, users);
  if (sample.length > 0) model.recommend(sample[0]!.history, { adapt: true }); // warm-up: item tables, arenas
  const yielder = new EventLoopYielder();
  const ms: number[] = [];
  for (const c of sample) {
    await yielder.maybeYield();
    const t = performance.now();
    model.recommend(c.history, { adapt: true });
    ms.push(performance.now() - t);
  }
  return ms;
}

function summarizeSplit(split: ColdStartSplit): SplitSummary {
  return {
    splitTime: split.splitTime,
    oldUsers: split.oldUsers.length,
    newUsers: split.newUsers.length,
    newItems: split.newItems.reduce((a, b) => a + b, 0),
    itemColdCases: split.itemColdCases.length,
  };
}

function buildReport(
  protocol: SplitSummary & { items: number; folds?: ColdStartEvalReport['protocol']['folds'] },
  options: Omit<ColdStartEvalOptions, 'config'>,
  modalities: LearnerName[],
  slices: Map<string, { cases: EvalCase[]; ranks: Ranks; unmasked: Ranks }>,
  stageTimes: Map<string, number[]>,
  training: MmlTrainingReport[],
  latencies: { ms: number[]; loads: number[] },
  paperEpochs: Map<LearnerName, number[]>,
  started: number,
): ColdStartEvalReport {
  const ordered = (ranks: Ranks) => {
    const names = [...ranks.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
    return Object.fromEntries(names.map((name) => [name, summarize(ranks.get(name)!)]));
  };
  const masked = Object.fromEntries([...slices].map(([name, s]) => [name, ordered(s.ranks)]));
  const unmasked = Object.fromEntries([...slices].map(([name, s]) => [name, ordered(s.unmasked)]));
  const paired = Object.fromEntries([...slices].map(([name, s]) => {
    const mml = s.ranks.get('mml');
    const comparisons: Record<string, PairedComparison> = mml ? Object.fromEntries([...s.ranks].filter(([method]) => method !== 'mml').map(([method, ranks]) => [`mml vs ${method}`, comparePaired(mml, ranks)])) : {};
    // With a prior (recency, transitions): against mml alone, and against the baselines given the same prior.
    for (const [method, ranks] of s.ranks) {
      const suffix = /^mml(\+(?:recent|transitions|tie-orders)\(.+\))$/.exec(method)?.[1];
      if (!suffix) continue;
      for (const other of ['mml', `sasrec${suffix}`, `id-only${suffix}`, 'sasrec', 'markov']) {
        const otherRanks = s.ranks.get(other);
        if (otherRanks) comparisons[`${method} vs ${other}`] = comparePaired(ranks, otherRanks);
      }
    }
    return [name, comparisons];
  }));
  const sorted = [...latencies.ms].sort((a, b) => a - b);
  const pick = (q: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return {
    protocol: {
      name: protocol.folds ? 'cold-start v1, validation (old users only, folds back in time)' : options.validation ? 'cold-start v1, validation (old users only)' : 'cold-start v1',
      ...protocol,
      ns: options.ns,
      headlineN: options.headlineN,
      seeds: options.seeds,
      modalities,
    },
    methods: masked[`n=${options.headlineN}`] ?? {},
    slices: masked,
    unmasked,
    paired,
    adaptation: {
      boundedLatencyMs: { p50: pick(0.5), p99: pick(0.99), mean: Number((sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)).toFixed(2)), users: sorted.length,
        loadAverage1m: Number(Math.max(0, ...latencies.loads).toFixed(2)), cores: os.availableParallelism() },
      paperEpochs: Object.fromEntries([...paperEpochs].map(([m, epochs]) => [m, Number((epochs.reduce((a, b) => a + b, 0) / Math.max(1, epochs.length)).toFixed(2))])),
    },
    stageSeconds: Object.fromEntries([...stageTimes].map(([stage, seconds]) => [stage, meanStd(seconds)])),
    training,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    ...(options.keepRanks ? {
      ranks: Object.fromEntries([...slices].map(([name, s]) => [name, {
        users: s.cases.map((c) => c.user),
        targets: s.cases.map((c) => c.target),
        methods: Object.fromEntries([...s.ranks].map(([method, bySeed]) => [method, bySeed.map((ranks) => Array.from(ranks))])),
      }])),
    } : {}),
  };
}

function order(method: string): number {
  const index = (METHOD_ORDER as readonly string[]).indexOf(method);
  return index < 0 ? METHOD_ORDER.length : index;
}
