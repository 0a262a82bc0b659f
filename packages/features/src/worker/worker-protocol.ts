import type { EncodeOutcome, EncoderInfo, ModalityInput, Modality } from '../encoder.ts';
import type { EncoderSpec } from '../encoder-spec.ts';

/** Messages between an encoder worker thread and the thread that owns it (worker-encoder.ts). */
export interface EncoderWorkerData {
  spec: EncoderSpec;
}

export type ToWorker =
  | { type: 'encode'; id: number; batch: ModalityInput[Modality][] }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; info: EncoderInfo }
  | { type: 'load-failed'; message: string }
  | { type: 'result'; id: number; outcomes: EncodeOutcome[] }
  | { type: 'encode-failed'; id: number; message: string }
  | { type: 'closed' };
