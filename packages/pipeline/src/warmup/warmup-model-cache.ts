import type { Database } from '@fewshot/db';
import type { MmlModel } from '@fewshot/model/mml';
import { loadModelVersion } from '../train/load-model-version.ts';
import type { EncoderRecord } from './new-item-vectors.ts';

/** What a warm-up needs of a version: its model, the encoders it was trained on, and the items it has rows for. */
export interface WarmupModel {
  versionId: number;
  model: MmlModel;
  encoders: EncoderRecord;
  /** External ids of the items the version was trained on (rows of its own). */
  trainedExternalIds: ReadonlySet<string>;
}

interface Entry {
  versionId: number;
  loading: Promise<WarmupModel>;
  users: number;
  closed: boolean;
}

/**
 * Keeps the loaded model of the last version a warm-up used, so a worker warming items one at a time loads the
 * artifact once per version, not once per job. Another version id loads that one; the previous model is closed
 * as soon as no warm-up is still using it. A failed load is not kept (the next use tries again).
 */
export class WarmupModelCache {
  private current: Entry | undefined;

  /** `db`: where versions are loaded from when `use` is not given one. */
  constructor(private readonly db?: Database) {}

  /** Runs `work` with the version's model, loading it unless it is the one held. */
  async use<T>(versionId: number, work: (model: WarmupModel) => Promise<T>, db: Database | undefined = this.db): Promise<T> {
    let entry = this.current;
    let previous: Entry | undefined;
    if (entry?.versionId !== versionId) {
      if (!db) throw new Error('WarmupModelCache: no database to load the model version from');
      previous = entry;
      const loading: Entry = { versionId, loading: loadWarmupModel(db, versionId), users: 0, closed: false };
      loading.loading.catch(() => {
        if (this.current === loading) this.current = undefined;
      });
      this.current = entry = loading;
    }
    entry.users++;
    try {
      if (previous && previous.users === 0) await closeEntry(previous);
      return await work(await entry.loading);
    } finally {
      entry.users--;
      if (entry !== this.current && entry.users === 0) await closeEntry(entry);
    }
  }

  /** The version held now, if any (for logs and tests). */
  get versionId(): number | undefined {
    return this.current?.versionId;
  }

  /** Closes the held model (once the warm-ups using it finish); a later `use` loads again. */
  async close(): Promise<void> {
    const entry = this.current;
    this.current = undefined;
    if (entry && entry.users === 0) await closeEntry(entry);
  }
}

async function loadWarmupModel(db: Database, versionId: number): Promise<WarmupModel> {
  const { model, metadata } = await loadModelVersion(db, versionId);
  return { versionId, model, encoders: (metadata.encoders ?? {}) as EncoderRecord, trainedExternalIds: new Set(metadata.itemExternalIds) };
}

async function closeEntry(entry: Entry): Promise<void> {
  if (entry.closed) return;
  entry.closed = true;
  const loaded = await entry.loading.catch(() => undefined);
  await loaded?.model.close();
}
