// @fewshot/model/train: SASRec training (BPR, Adam, data-parallel threads) and its progress events.
export { trainSasRec, evaluatePopularity, type EpochReport, type TrainSasRecOptions, type TrainSasRecResult } from './train-sasrec.ts';
export { BprTrainer, type BprTrainerOptions } from './bpr-trainer.ts';
export type { TrainProgress } from './progress.ts';
export { fitBpr, type FitBprOptions, type FitBprResult } from './fit-bpr.ts';
