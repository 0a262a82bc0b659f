export { promoteModelVersion, PromotionError, type PromotionResult } from './promote-model-version.ts';
export { rollbackModelVersion, type RollbackOptions } from './rollback-model-version.ts';
export {
  DEFAULT_PROMOTION_POLICY,
  judgePromotion,
  promoteIfBetter,
  type PromoteIfBetterResult,
  type PromotionJudgment,
  type PromotionPolicy,
} from './promotion-policy.ts';
export { failInterruptedTraining, type FailedTraining, type FailInterruptedTrainingOptions } from './fail-interrupted-training.ts';
export { exportModelVersion, importModelVersion, type ExportedModelVersion, type ImportedModelVersion } from './transfer-model-version.ts';
export {
  DEFAULT_PLANNED_USERS,
  endTrialOnActivation,
  findModelTrial,
  inCandidateArm,
  MAX_PLANNED_USERS,
  MAX_TRIAL_NEW_ITEM_SLOTS,
  MAX_TRIAL_SHARE,
  MIN_PLANNED_USERS,
  MIN_TRIAL_SHARE,
  newItemSlotsText,
  runningModelTrial,
  settleModelTrial,
  sharePercent,
  startModelTrial,
  stopModelTrial,
  trialDraw,
  type ModelTrialRecord,
  type ModelTrialStatus,
  type StartModelTrialOptions,
  type TrialSettlement,
} from './model-trials.ts';
