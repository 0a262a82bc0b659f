// @fewshot/model/meta: first-order MAML over users (stage 1) and per-user adaptation on task copies.
export { metaTrain, sampleWindows, type MetaStepReport, type MetaTrainOptions, type MetaTrainResult, type TaskWindows } from './meta-train.ts';
export { TaskPool } from './task-pool.ts';
export { TaskLearner, type InnerLoopOptions, type ScoredCases } from './task-learner.ts';
export type { AdaptResult, AdaptTask, InnerSettings } from './task-ops.ts';
