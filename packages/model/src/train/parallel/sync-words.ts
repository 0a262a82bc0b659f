// Layout of the small shared buffers the main thread and the replica workers coordinate through.

/** Int32 words. */
export const GEN = 0; // bumped by the main thread for every command; workers wait on it
export const CMD = 1; // what to do: STEP or EXIT
export const DONE = 2; // workers that finished the current command
export const FAILED = 3; // 1 when a worker threw (its message is in the error text buffer)
export const B = 4;
export const T = 5;
export const STEP = 6;
export const SEED = 7;
export const INT_WORDS = 8;

export const CMD_STEP = 1;
export const CMD_EXIT = 2;
/** Reduce this replica's shard of the gradients and apply the optimiser to it. */
export const CMD_UPDATE = 3;

/** Float64 words: [0] normaliser, [1 + r] replica r's loss share. */
export const NORMALIZER = 0;
export const lossSlot = (replica: number) => 1 + replica;

export const ERROR_TEXT_BYTES = 4096;

export interface SyncBuffers {
  ints: Int32Array;
  floats: Float64Array;
  errorText: Uint8Array;
}

export function createSyncBuffers(replicas: number): SyncBuffers {
  return {
    ints: new Int32Array(new SharedArrayBuffer(INT_WORDS * 4)),
    floats: new Float64Array(new SharedArrayBuffer((1 + replicas) * 8)),
    errorText: new Uint8Array(new SharedArrayBuffer(ERROR_TEXT_BYTES)),
  };
}

export function writeErrorText(buffers: SyncBuffers, text: string): void {
  const bytes = new TextEncoder().encode(text).subarray(0, ERROR_TEXT_BYTES - 1);
  buffers.errorText.fill(0);
  buffers.errorText.set(bytes);
}

export function readErrorText(buffers: SyncBuffers): string {
  const end = buffers.errorText.indexOf(0);
  return new TextDecoder().decode(buffers.errorText.slice(0, end < 0 ? undefined : end));
}
