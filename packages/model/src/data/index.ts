// @fewshot/model/data: the data types training and evaluation take, and the splits and batches built from them.
export { itemCounts, validateDataset, type SequenceDataset } from './sequence-dataset.ts';
export { leaveOneOut, type EvalCase, type LeaveOneOutSplit } from './leave-one-out.ts';
export { trainingWindows, type WindowAnchor } from './windows.ts';
export { shuffleWithinTies, type TieRuns } from './ties.ts';
export { bprBatch, epochBatches, type RawBprBatch } from './bpr-batches.ts';
