import { existsSync } from 'node:fs';
import type { Database } from '@fewshot/db';
import { DEMO_CATALOG_DIR } from '@fewshot/pipeline/data';
import { importDataset, openDataset, type ImportReport } from '@fewshot/pipeline/import';

/**
 * Imports the demo catalog when the database has no items yet, so a fresh `npm start` shows real data. Posters are
 * referenced from `imagesDir` (named `<movieId>.jpg`, as in ../shared/data/ml-posters/images) when it exists.
 */
export async function seedDemoCatalog(db: Database, { imagesDir }: { imagesDir?: string | undefined } = {}): Promise<ImportReport | null> {
  if ((await db.prisma.item.count()) > 0) return null;
  const images = imagesDir && existsSync(imagesDir) ? { dir: imagesDir } : undefined;
  return importDataset(db, { dataset: openDataset(DEMO_CATALOG_DIR, 'movielens-csv'), images });
}
