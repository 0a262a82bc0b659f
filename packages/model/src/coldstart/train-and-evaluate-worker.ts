// Worker thread of trainAndEvaluateOffThread: trains and evaluates the model it is given, posting progress, then
// its result (the artifact moved, not copied) or its failure's message.
import { parentPort, workerData, type TransferListItem } from 'node:worker_threads';
import { trainAndEvaluate, type TrainAndEvaluateInput } from './train-and-evaluate.ts';
import { artifactTransfer, type TrainThreadMessage } from './train-and-evaluate-thread.ts';

const port = parentPort!;
const post = (message: TrainThreadMessage, transfer: TransferListItem[] = []) => port.postMessage(message, transfer);
try {
  const result = await trainAndEvaluate((workerData as { init: TrainAndEvaluateInput }).init, {
    onProgress: (progress) => post({ kind: 'progress', progress }),
  });
  post({ kind: 'done', result }, artifactTransfer(result.artifact));
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
