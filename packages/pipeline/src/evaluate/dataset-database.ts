import { createHash } from 'node:crypto';
import path from 'node:path';
import { migrate, openDatabase, type Database } from '@fewshot/db';
import { DEFAULT_ENCODER_SPECS } from '@fewshot/features/encoder-spec';
import { computeFeatures, type EncoderRun } from '../features/compute-features.ts';
import { openDataset, type ImportFormat } from '../import/formats/detect.ts';
import type { ImageSourceOptions } from '../import/images.ts';
import { importDataset, type ImportProgress, type ImportReport } from '../import/run-import.ts';

/** A dataset folder in any import format, with where its images are (optional). */
export interface DatasetSource {
  dir: string;
  format?: ImportFormat;
  images?: ImageSourceOptions;
}

export interface DatasetDatabaseOptions {
  /** Folder that keeps one PGlite database per dataset source, so a second run imports and encodes nothing. */
  cacheDir: string;
  signal?: AbortSignal;
  onImport?: ImportProgress;
  onImported?: (report: ImportReport) => void;
  /** Feature extraction progress: items done of the total still missing. */
  onFeatures?: (progress: { done: number; total: number }) => void;
  onFeaturesDone?: (runs: EncoderRun[]) => void;
}

/**
 * A database holding one dataset folder with its item features, for evaluation away from the platform's own
 * database: the folder is imported (idempotent) into a PGlite database cached per source, then every missing text
 * vector (and image vector, when images are given) is computed with the default encoders.
 */
export async function openDatasetDatabase(source: DatasetSource, options: DatasetDatabaseOptions): Promise<Database> {
  const dir = path.resolve(source.dir);
  const images = source.images && { ...source.images, dir: path.resolve(source.images.dir), map: source.images.map && path.resolve(source.images.map) };
  const key = createHash('sha256').update(JSON.stringify({ dir, format: source.format ?? 'auto', images })).digest('hex').slice(0, 16);
  const db = await openDatabase({ url: '', pgliteDir: path.join(options.cacheDir, `${path.basename(dir)}-${key}`) });
  try {
    await migrate(db.sql);
    const report = await importDataset(db, { dataset: openDataset(dir, source.format ?? 'auto'), images, progress: options.onImport });
    options.onImported?.(report);
    options.signal?.throwIfAborted();
    const specs = images ? [DEFAULT_ENCODER_SPECS.TEXT, DEFAULT_ENCODER_SPECS.IMAGE] : [DEFAULT_ENCODER_SPECS.TEXT];
    let total = 0;
    let done = 0;
    const runs = await computeFeatures({
      sql: db.sql,
      specs,
      signal: options.signal,
      onPlan: ({ missing }) => {
        total += missing;
        options.onFeatures?.({ done, total });
      },
      onBatch: ({ ready, failed }) => {
        done += ready + failed;
        options.onFeatures?.({ done, total });
      },
    });
    options.onFeaturesDone?.(runs);
    options.signal?.throwIfAborted();
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
