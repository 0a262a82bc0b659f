import type { EpochReport } from './fit-bpr.ts';

/** Events a training run reports through its onProgress callback (the package never prints). */
export type TrainProgress =
  | { kind: 'epoch-start'; epoch: number; epochs: number; batches: number }
  | { kind: 'batch'; epoch: number; epochs: number; batch: number; batches: number; loss: number }
  | { kind: 'epoch-end'; epoch: number; epochs: number; report: EpochReport };
