import { decodeWeights, encodeWeights, type Engine } from '../engine/index.ts';
import type { SasRecConfig } from './config.ts';
import { SasRec } from './sasrec.ts';

/** Serialises a SASRec's parameters, with its config in the header metadata so the file is self-describing. */
export function saveSasRecWeights(model: SasRec, metadata: Record<string, unknown> = {}): Uint8Array {
  return encodeWeights(model.store.snapshot(), { ...metadata, model: 'sasrec', config: model.config });
}

/** Rebuilds a SASRec from a weight file written by saveSasRecWeights. */
export function loadSasRecWeights(engine: Engine, bytes: Uint8Array): SasRec {
  const { header, tensors } = decodeWeights(bytes);
  if (header.metadata.model !== 'sasrec') throw new Error(`weight file holds a ${String(header.metadata.model)} model, not sasrec`);
  const config = header.metadata.config as SasRecConfig;
  const model = SasRec.create(engine, config, { seed: 0 });
  model.store.restore(tensors);
  return model;
}
