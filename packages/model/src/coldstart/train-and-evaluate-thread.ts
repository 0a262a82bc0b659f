import { Worker, type TransferListItem } from 'node:worker_threads';
import type { MmlProgress } from '../mml/train-mml.ts';
import type { TrainAndEvaluateInput, TrainAndEvaluateOptions, TrainAndEvaluateResult } from './train-and-evaluate.ts';

/** What the worker thread says: progress any number of times, then either its result or its failure, once. */
export type TrainThreadMessage =
  | { kind: 'progress'; progress: MmlProgress }
  | { kind: 'done'; result: TrainAndEvaluateResult }
  | { kind: 'failed'; message: string };

/**
 * trainAndEvaluate in a worker thread of its own. Training steps and the evaluation are synchronous stretches of
 * up to several seconds each on a busy machine; run on the caller's thread they hold its event loop for as long,
 * which in the embedded api means no request is answered and no job lock is renewed meanwhile. Here the caller's
 * thread only receives progress messages and, at the end, the artifact (moved, not copied). An abort terminates the
 * thread at once (the engine's own threads with it) and rejects with the signal's reason.
 */
export function trainAndEvaluateOffThread(input: TrainAndEvaluateInput, options: TrainAndEvaluateOptions = {}): Promise<TrainAndEvaluateResult> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const boot = new URL('../train/parallel/worker-boot.mjs', import.meta.url);
  const entry = new URL('./train-and-evaluate-worker.ts', import.meta.url);
  const worker = new Worker(boot, { workerData: { entry: entry.href, init: input } });
  return new Promise<TrainAndEvaluateResult>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      finish();
      // The thread has posted its last message (or is being given up on); its engine memory goes with it.
      void worker.terminate();
    };
    const abort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: TrainThreadMessage) => {
      if (settled) return;
      if (message.kind === 'progress') onProgress?.(message.progress);
      else if (message.kind === 'done') settle(() => resolve(message.result));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the training thread stopped (exit code ${code}) before it finished`))));
  });
}

/** The artifact's bytes moved to the receiving thread when they fill their buffer (a view into a larger one is copied). */
export function artifactTransfer(artifact: Uint8Array): TransferListItem[] {
  return artifact.byteOffset === 0 && artifact.byteLength === artifact.buffer.byteLength && artifact.buffer instanceof ArrayBuffer ? [artifact.buffer] : [];
}
