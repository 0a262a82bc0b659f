import { mixKey, Rng } from '../engine/index.ts';
import type { EvalCase } from '../data/leave-one-out.ts';
import type { EventLoopYielder } from '../train/event-loop-yielder.ts';
import type { InnerLoopOptions, ScoredCases, TaskLearner } from './task-learner.ts';

/** Inner-loop settings shared by every task of a request (per-task seeds are derived from `seed` and the task). */
export type InnerSettings = Omit<InnerLoopOptions, 'seed' | 'step'>;

/** A meta-training task: one old user's window. Support = all but the last item, query = the whole window. */
export interface MetaTaskRequest {
  kind: 'meta';
  windows: Int32Array[];
  /** Index of the first window in the whole meta-batch (keeps seeds independent of how the batch is split). */
  firstIndex: number;
  inner: InnerSettings;
  /** Weight of each task's query gradient (1 / meta-batch size). */
  scale: number;
  includeGlobal: boolean;
  seed: number;
  step: number;
}

/** Adapt to each task's support, then score its cases (meta-test, validation, fusion inputs). */
export interface AdaptRequest {
  kind: 'adapt';
  tasks: AdaptTask[];
  firstIndex: number;
  inner: InnerSettings;
  /**
   * The paper's meta-test: after every epoch (and before the first) score `select`, keep the epoch with the best
   * MRR@10 on it (the earliest on ties), and score the cases with that epoch's weights. Without it, `inner.steps`
   * steps are taken and the cases scored at the end (the bounded procedure).
   */
  selectBest?: boolean;
  /** Whether to return the last-layer hidden states (the fusion input) as well as the scores. */
  hidden: boolean;
  seed: number;
}

export interface AdaptTask {
  support: Int32Array;
  /** Scored with the adapted weights, in order. */
  cases: EvalCase[];
  /** The validation case selectBest picks the epoch by. */
  select?: EvalCase;
}

export interface AdaptResult {
  /** Per task: scores [cases, numItems + 1] and, if asked, hidden [cases, maxLength · D]. */
  scored: ScoredCases[];
  /** Per task: the epoch (step count) kept by selectBest, else inner.steps. */
  epochs: number[];
}

/** Adapt to each window's support and measure its query loss without any gradient (validation curves). */
export interface QueryLossRequest {
  kind: 'query-loss';
  windows: Int32Array[];
  firstIndex: number;
  inner: InnerSettings;
  seed: number;
}

export type TaskRequest = MetaTaskRequest | AdaptRequest | QueryLossRequest;

/** Runs one request on this thread's task learner (every worker calls this; the main thread the yielding form). */
export function runTaskRequest(learner: TaskLearner, request: TaskRequest): number[] | AdaptResult {
  const run = startTaskRequest(learner, request);
  for (let i = 0; i < run.tasks; i++) run.task(i);
  return run.result();
}

/**
 * The same on the calling thread, letting the event loop run between tasks: its share of a batch (a paper meta-test
 * of a hundred new users) takes many seconds, and that thread also renews a job's lock and, in the embedded api,
 * answers requests. The same work in the same order: the results do not change.
 */
export async function runTaskRequestYielding(learner: TaskLearner, request: TaskRequest, yielder: EventLoopYielder): Promise<number[] | AdaptResult> {
  const run = startTaskRequest(learner, request);
  for (let i = 0; i < run.tasks; i++) {
    await yielder.maybeYield();
    run.task(i);
  }
  return run.result();
}

/** A request's tasks, one at a time: `task(i)` for every i in order, then `result()`. */
interface TaskRun {
  tasks: number;
  task(i: number): void;
  result(): number[] | AdaptResult;
}

function startTaskRequest(learner: TaskLearner, request: TaskRequest): TaskRun {
  // θ's item representation may have moved since the last request (an outer step): project it afresh, once.
  learner.refreshItemTable();
  if (request.kind === 'adapt') return adaptTasks(learner, request);
  const losses: number[] = [];
  const loss = request.kind === 'meta' ? (i: number) => metaTask(learner, request, i) : (i: number) => queryLoss(learner, request, i);
  return { tasks: request.windows.length, task: (i) => losses.push(loss(i)), result: () => losses };
}

/** The same negatives and dropout masks for a window every time it is measured: curves compare like with like. */
function queryLoss(learner: TaskLearner, request: QueryLossRequest, i: number): number {
  const window = request.windows[i]!;
  const key = mixKey(request.seed, 0, request.firstIndex + i);
  const rng = new Rng(key);
  learner.resetToTheta();
  learner.adapt(window.subarray(0, window.length - 1), { ...request.inner, seed: key, step: 0 }, rng);
  return learner.queryLoss(window, rng);
}

/** First-order MAML on a window; returns its query loss at its adapted weights. */
function metaTask(learner: TaskLearner, request: MetaTaskRequest, i: number): number {
  const window = request.windows[i]!;
  const key = mixKey(request.seed, request.step, request.firstIndex + i);
  const rng = new Rng(key);
  learner.resetToTheta();
  learner.adapt(window.subarray(0, window.length - 1), { ...request.inner, seed: key, step: 0 }, rng);
  return learner.accumulateQueryGradient(window, request.scale, request.includeGlobal, key, request.inner.steps, rng);
}

function adaptTasks(learner: TaskLearner, request: AdaptRequest): TaskRun {
  const scored: ScoredCases[] = [];
  const epochs: number[] = [];
  const adaptOne = (i: number) => {
    const task = request.tasks[i]!;
    const key = mixKey(request.seed, 0, request.firstIndex + i);
    const rng = new Rng(key);
    learner.resetToTheta();
    let kept = request.inner.steps;
    if (request.selectBest && task.select) {
      kept = bestEpoch(learner, task, request.inner, key, rng);
      learner.resetToTheta();
      learner.adapt(task.support, { ...request.inner, steps: kept, seed: key, step: 0 }, new Rng(key));
    } else {
      learner.adapt(task.support, { ...request.inner, seed: key, step: 0 }, rng);
    }
    const result = learner.score(task.cases.map((c) => c.history));
    scored.push(request.hidden ? result : { scores: result.scores, hidden: new Float32Array(0) });
    epochs.push(kept);
  };
  return { tasks: request.tasks.length, task: adaptOne, result: () => ({ scored, epochs }) };
}

/**
 * Epoch by epoch SGD, scoring the validation case after each: the epoch count with the best MRR@10 (earliest on
 * ties, 0 = the meta checkpoint itself). The caller re-runs the same seeded steps to that count, which reproduces
 * those weights exactly: cheaper than copying the local modules at every improvement.
 */
function bestEpoch(learner: TaskLearner, task: AdaptTask, inner: InnerSettings, key: number, rng: Rng): number {
  const select = task.select!;
  let best = { epoch: 0, mrr: reciprocalRank10(learner, select) };
  for (let epoch = 1; epoch <= inner.steps; epoch++) {
    learner.adapt(task.support, { ...inner, steps: 1, seed: key, step: epoch - 1 }, rng);
    const mrr = reciprocalRank10(learner, select);
    if (mrr > best.mrr) best = { epoch, mrr };
  }
  return best.epoch;
}

/** 1 / (rank + 1) of the case's target when it ranks in the top 10 among unseen items, else 0. */
function reciprocalRank10(learner: TaskLearner, c: EvalCase): number {
  const { scores } = learner.score([c.history]);
  const seen = new Set(c.seen ?? c.history);
  const target = scores[c.target]!;
  let above = 0;
  let tied = 0;
  for (let j = 1; j < scores.length; j++) {
    if (j === c.target || seen.has(j)) continue;
    if (scores[j]! > target) above++;
    else if (scores[j] === target) tied++;
  }
  const rank = above + Math.floor(tied / 2);
  return rank < 10 ? 1 / (rank + 1) : 0;
}
