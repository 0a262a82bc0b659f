import { Worker } from 'node:worker_threads';
import type { EncodeOutcome, Encoder, EncoderInfo, Modality, ModalityInput } from '../encoder.ts';
import type { EncoderSpec } from '../encoder-spec.ts';
import type { EncoderWorkerData, FromWorker, ToWorker } from './worker-protocol.ts';

const WORKER_URL = new URL('./encoder-worker.mjs', import.meta.url);

interface Pending {
  resolve: (outcomes: EncodeOutcome[]) => void;
  reject: (error: Error) => void;
}

/**
 * An encoder running in its own worker thread. Each tfjs copy (energetic-ai's bundled 4.5, @tensorflow/tfjs 4.22)
 * registers global backends, so two copies in one thread break each other; a thread per encoder keeps them apart
 * and lets encoders of different modalities use different cores. If the worker dies (a wasm abort on a poisonous
 * input, out of memory), the pending batch rejects and the next `encode` starts a fresh worker.
 */
export async function startWorkerEncoder(spec: EncoderSpec): Promise<Encoder> {
  let worker = await spawn(spec);
  let nextId = 1;
  return {
    ...worker.info,
    async encode(batch: readonly ModalityInput[Modality][]) {
      if (batch.length === 0) return [];
      if (!worker.alive) worker = await spawn(spec);
      const id = nextId++;
      const current = worker;
      return new Promise<EncodeOutcome[]>((resolve, reject) => {
        current.pending.set(id, { resolve, reject });
        current.thread.postMessage({ type: 'encode', id, batch: [...batch] } satisfies ToWorker);
      });
    },
    async close() {
      if (!worker.alive) return;
      const current = worker;
      const closed = new Promise<void>((resolve) => current.thread.once('exit', () => resolve()));
      current.thread.postMessage({ type: 'close' } satisfies ToWorker);
      // A worker stuck in a long wasm call never reads the close message: give it a moment, then stop it.
      const timer = setTimeout(() => void current.thread.terminate(), 10_000);
      await closed;
      clearTimeout(timer);
    },
  } as Encoder;
}

interface RunningWorker {
  thread: Worker;
  info: EncoderInfo;
  pending: Map<number, Pending>;
  alive: boolean;
}

function spawn(spec: EncoderSpec): Promise<RunningWorker> {
  const thread = new Worker(WORKER_URL, { workerData: { spec } satisfies EncoderWorkerData, stderr: false });
  const pending = new Map<number, Pending>();
  return new Promise((resolve, reject) => {
    let running: RunningWorker | undefined;
    const fail = (error: Error) => {
      if (running) running.alive = false;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      if (!running) reject(error);
    };
    thread.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          running = { thread, info: message.info, pending, alive: true };
          resolve(running);
          break;
        case 'load-failed':
          reject(new Error(`cannot load encoder ${describeSpec(spec)}: ${message.message}`));
          break;
        case 'result':
          pending.get(message.id)?.resolve(message.outcomes);
          pending.delete(message.id);
          break;
        case 'encode-failed':
          pending.get(message.id)?.reject(new Error(`encoder ${describeSpec(spec)} failed on a batch: ${message.message}`));
          pending.delete(message.id);
          break;
        case 'closed':
          if (running) running.alive = false;
          break;
      }
    });
    thread.on('error', (error) => fail(new Error(`encoder worker ${describeSpec(spec)} crashed: ${error.message}`)));
    thread.on('exit', (code) => fail(new Error(`encoder worker ${describeSpec(spec)} exited (code ${code})`)));
  });
}

function describeSpec(spec: EncoderSpec): string {
  if (spec.kind === 'onnx-text') return `onnx-text:${spec.modelDir}`;
  if (spec.kind === 'onnx-image') return `onnx-image:${spec.modelPath}`;
  return spec.kind;
}
