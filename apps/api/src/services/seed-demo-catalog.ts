import { existsSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot, type Database } from '@fewshot/db';
import { openDataset } from '../import/formats/detect.ts';
import { importDataset, type ImportReport } from '../import/run-import.ts';

/** The bundled demo catalog: MovieLens ml-latest-small (GroupLens terms in its folder). */
export const DEMO_CATALOG_DIR = path.join(repositoryRoot, 'demo', 'ml-latest-small');

/**
 * Imports the demo catalog when the database has no items yet, so a fresh `npm start` shows real data. Posters are
 * referenced from `imagesDir` (named `<movieId>.jpg`, as in ../shared/data/ml-posters/images) when it exists.
 */
export async function seedDemoCatalog(db: Database, { imagesDir }: { imagesDir?: string | undefined } = {}): Promise<ImportReport | null> {
  if ((await db.prisma.item.count()) > 0) return null;
  const images = imagesDir && existsSync(imagesDir) ? { dir: imagesDir } : undefined;
  return importDataset(db, { dataset: openDataset(DEMO_CATALOG_DIR, 'movielens-csv'), images });
}
