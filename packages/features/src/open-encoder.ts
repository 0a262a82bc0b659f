import os from 'node:os';
import type { EncodeOutcome, Encoder, Modality, ModalityInput } from './encoder.ts';
import type { EncoderSpec } from './encoder-spec.ts';
import { startWorkerEncoder } from './worker/worker-encoder.ts';

export interface OpenEncoderOptions {
  /**
   * Worker threads running this encoder; a batch is split across them. tfjs' wasm backend is single-threaded in
   * Node, so image throughput scales with workers up to the number of cores. Default 1.
   */
  workers?: number;
}

/** Starts an encoder in worker threads and resolves once its model is loaded and its dimension known. */
export async function openEncoder(spec: EncoderSpec, { workers = 1 }: OpenEncoderOptions = {}): Promise<Encoder> {
  const count = Math.max(1, Math.min(workers, os.availableParallelism()));
  const started = await Promise.allSettled(Array.from({ length: count }, () => startWorkerEncoder(spec)));
  const encoders = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(encoders.map((encoder) => encoder.close()));
    throw failure.reason;
  }
  const [first] = encoders;
  if (!first) throw new Error('no encoder worker started');
  if (encoders.length === 1) return first;
  return {
    name: first.name,
    version: first.version,
    modality: first.modality,
    dimension: first.dimension,
    async encode(batch: readonly ModalityInput[Modality][]) {
      // Contiguous slices, one per worker, so outcomes concatenate back in input order.
      const size = Math.ceil(batch.length / encoders.length);
      const slices = encoders.map((encoder, w) => encoder.encode(batch.slice(w * size, (w + 1) * size) as never));
      return (await Promise.all(slices)).flat() as EncodeOutcome[];
    },
    async close() {
      await Promise.all(encoders.map((encoder) => encoder.close()));
    },
  } as Encoder;
}
