import { parentPort, workerData } from 'node:worker_threads';
import type { Encoder } from '../encoder.ts';
import { loadEncoderInProcess } from '../encoders/load-encoder-in-process.ts';
import type { EncoderWorkerData, FromWorker, ToWorker } from './worker-protocol.ts';

/** The loop inside an encoder worker thread: load one encoder, answer encode requests until told to close. */
const port = parentPort;
if (!port) throw new Error('encoder-worker.ts must run in a worker thread (see worker-encoder.ts)');
const { spec } = workerData as EncoderWorkerData;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

let encoder: Encoder;
try {
  encoder = await loadEncoderInProcess(spec);
  const { name, version, modality, dimension } = encoder;
  send({ type: 'ready', info: { name, version, modality, dimension } });
} catch (error) {
  send({ type: 'load-failed', message: describe(error) });
  port.close();
  process.exit(0);
}

port.on('message', async (message: ToWorker) => {
  if (message.type === 'close') {
    await encoder.close().catch(() => undefined);
    send({ type: 'closed' });
    port.close();
    return;
  }
  try {
    const outcomes = await encoder.encode(message.batch as never);
    const transfer = [...new Set(outcomes.flatMap((outcome) => (outcome.ok ? [outcome.vector.buffer as ArrayBuffer] : [])))];
    send({ type: 'result', id: message.id, outcomes }, transfer);
  } catch (error) {
    send({ type: 'encode-failed', id: message.id, message: describe(error) });
  }
});
