// @fewshot/model/coldstart: the cold-start v1 protocol (time split, few-shot tasks) and the whole evaluation harness.
export { validateTimedDataset, type TimedSequenceDataset } from './dataset.ts';
export { coldStartSplit, quantileOf, validationDataset, validationFolds, type ColdStartOptions, type ColdStartSplit, type LaterEvents, type ValidationFold } from './split.ts';
export { MIN_HISTORY_LENGTH, newUserTasks, VALIDATED_HISTORY_LENGTH, type NewUserTask } from './tasks.ts';
export { ColdStartHarness, evaluateColdStart, METHOD_ORDER, type ColdStartEvalInput, type ColdStartEvalOptions, type ColdStartEvalReport, type SliceRanks } from './evaluate.ts';
export { describeFirstItems, FIRST_ITEMS_CANDIDATES, firstItemsReport, firstItemsScores, parseFirstItemsPolicy, type FirstItemsCandidate, type FirstItemsPolicy, type FirstItemsReport } from './first-items.ts';
export { describeSlotPolicy, joinReplays, placeInLists, slotPolicies, slotReplayCases, summarizeSlots, type NewItemSlotsOptions, type NewItemSlotsReport, type SlotOutcome, type SlotPolicy, type SlotReplay, type SlotStratum } from './new-item-slots.ts';
export { compareMarkdown, compareRanks, type RunComparison } from './compare-ranks.ts';
export { comparePaired, markdownTable, meanStd, summarize, type MeanStd, type MetricTable, type PairedComparison } from './summary.ts';
export { reportMarkdown } from './report-markdown.ts';
export { trainAndEvaluate, type TrainAndEvaluateInput, type TrainAndEvaluateOptions, type TrainAndEvaluateResult } from './train-and-evaluate.ts';
export { trainAndEvaluateOffThread } from './train-and-evaluate-thread.ts';
