import { shuffleWithinTies, type TieRuns } from '../data/ties.ts';
import { Adam, mixKey, Rng } from '../engine/index.ts';
import type { SasRec } from '../sasrec/sasrec.ts';
import type { TaskPool } from './task-pool.ts';
import type { InnerSettings } from './task-ops.ts';

/** Where meta-training tasks come from: windows of old users' training sequences. */
export interface TaskWindows {
  /** Shortest and longest window (items); a window of m items has m − 2 support samples and one query. */
  min: number;
  max: number;
  /** 'start': a window opens at the user's first event, like a cold user's history; 'anywhere': at a random event. */
  anchor: 'start' | 'anywhere';
}

export interface MetaTrainOptions {
  outerSteps: number;
  metaBatch: number;
  outerLr: number;
  inner: InnerSettings;
  windows: TaskWindows;
  /** Whether the outer step also moves the global item representation (first-order gradient at θ'). */
  includeGlobal: boolean;
  /**
   * Each sequence's event times: when given, every task's user has its runs of equal times (see shuffleWithinTies)
   * put in a fresh random order before the window is cut, as pretraining does with `ties`.
   */
  ties?: TieRuns;
  seed: number;
  /** Fixed validation windows (held-out users): their mean query loss is reported every `validateEvery` steps. */
  validation?: Int32Array[];
  validateEvery?: number;
  signal?: AbortSignal;
  onStep?: (report: MetaStepReport) => void;
}

export interface MetaStepReport {
  step: number;
  steps: number;
  /** Mean query loss of this meta-batch at the adapted weights (before the outer step). */
  loss: number;
  /** Mean query loss over the validation windows at their adapted weights, when measured at this step. */
  validLoss?: number;
}

export interface MetaTrainResult {
  curve: MetaStepReport[];
  seconds: number;
}

/**
 * Stage 1: first-order MAML over old users (mml-method.md). Each outer step samples a meta-batch of task windows;
 * every task copies θ's local modules, takes `inner.steps` SGD steps on its support, and adds its query gradient
 * at the adapted weights; θ (restored: the copies never touch it) then takes one Adam step on the mean.
 */
export async function metaTrain(theta: SasRec, pool: TaskPool, sequences: readonly Int32Array[], options: MetaTrainOptions): Promise<MetaTrainResult> {
  const started = performance.now();
  const indices = sequences.flatMap((s, index) => (s.length >= Math.max(3, options.windows.min) ? [index] : []));
  const eligible = indices.map((index) => sequences[index]!);
  const { ties } = options;
  const eligibleTimes = ties && indices.map((index) => ties.times[index]!);
  if (eligible.length === 0) throw new Error(`no training sequence has ${Math.max(3, options.windows.min)} or more items to make a task from`);
  const adam = new Adam(theta.engine, { lr: options.outerLr });
  const groups = theta.parameterGroups();
  const stepped = options.includeGlobal ? theta.params : groups.local;
  theta.store.useGradients(0);
  theta.store.zeroGrads();
  const curve: MetaStepReport[] = [];
  const every = options.validateEvery ?? 0;
  const validate = async (step: number) => (options.validation?.length && every > 0 && (step % every === 0 || step === options.outerSteps)
    ? mean(await pool.queryLosses(options.validation, { inner: options.inner, seed: mixKey(options.seed, 0x7a11d, 0) }))
    : undefined);
  const initialValid = await validate(0);
  if (initialValid !== undefined) curve.push({ step: 0, steps: options.outerSteps, loss: Number.NaN, validLoss: initialValid });
  for (let step = 1; step <= options.outerSteps; step++) {
    options.signal?.throwIfAborted();
    const windows = sampleWindows(eligible, options.metaBatch, options.windows, new Rng(mixKey(options.seed, step, 0x3a7)),
      ties && eligibleTimes && { times: eligibleTimes, gapSeconds: ties.gapSeconds, rng: new Rng(mixKey(options.seed, step, 0x71e5)) });
    const losses = await pool.metaBatch(windows, { inner: options.inner, includeGlobal: options.includeGlobal, seed: options.seed, step });
    adam.step(stepped);
    if (!options.includeGlobal) theta.store.zeroGrads(groups.global);
    const report: MetaStepReport = { step, steps: options.outerSteps, loss: mean(losses) };
    const validLoss = await validate(step);
    if (validLoss !== undefined) report.validLoss = validLoss;
    curve.push(report);
    options.onStep?.(report);
  }
  return { curve, seconds: (performance.now() - started) / 1000 };
}

/**
 * A meta-batch of task windows: users drawn uniformly, window lengths uniform in [min, max] (capped by the user).
 * With `ties`, each drawn user's runs of equal times are shuffled (their own stream) before the window is cut, so the
 * windows' users, lengths and starts are the same draws as without.
 */
export function sampleWindows(sequences: readonly Int32Array[], count: number, windows: TaskWindows, rng: Rng,
  ties?: TieRuns & { rng: Rng }): Int32Array[] {
  return Array.from({ length: count }, () => {
    const user = rng.int(0, sequences.length);
    const listed = sequences[user]!;
    const sequence = ties ? shuffleWithinTies([listed], [ties.times[user]!], ties.rng, ties.gapSeconds)[0]! : listed;
    const length = Math.min(sequence.length, rng.int(Math.max(3, windows.min), windows.max + 1));
    const start = windows.anchor === 'start' ? 0 : rng.int(0, sequence.length - length + 1);
    return sequence.subarray(start, start + length);
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
