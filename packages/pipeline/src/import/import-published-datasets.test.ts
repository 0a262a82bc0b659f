import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets } from '@fewshot/db/testing';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG_DIR as demoDatasetDir } from '../data/demo-catalog.ts';
import { loadEventLogFromDatabase, loadEventLogFromDirectory } from '../data/event-log.ts';
import { hasMl100k, hasPosters, ml100kDir, postersDir } from '../data/shared-datasets.ts';
import { openDataset } from './formats/detect.ts';
import { importDataset } from './run-import.ts';

const targets = await testDatabaseTargets();

async function tableCounts(db: Awaited<ReturnType<(typeof targets)[number]['create']>>) {
  const [users, items, interactions] = await Promise.all([db.prisma.user.count(), db.prisma.item.count(), db.prisma.interaction.count()]);
  return { users, items, interactions };
}

describe.each(targets)('importing the published MovieLens datasets on $kind', ({ create }) => {
  it('ml-latest-small (the demo catalog) gives 671 users, 9,066 items, 100,004 ratings, twice without change', async () => {
    const db = await create();
    try {
      const first = await importDataset(db, { dataset: openDataset(demoDatasetDir) });
      expect(first.format).toBe('movielens-csv');
      expect(await tableCounts(db)).toEqual({ users: 671, items: 9066, interactions: 100_004 });
      expect(first.interactions).toEqual({ inserted: 100_004, alreadyPresent: 0 });
      const stamp = await db.prisma.item.findFirstOrThrow({ where: { externalId: '1' } });
      expect(stamp).toMatchObject({ title: 'Toy Story', attributes: { genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'], year: 1995 } });

      const second = await importDataset(db, { dataset: openDataset(demoDatasetDir) });
      expect(second.items).toEqual({ inserted: 0, updated: 0, unchanged: 9066 });
      expect(second.users).toEqual({ inserted: 0, updated: 0, unchanged: 671 });
      expect(second.interactions).toEqual({ inserted: 0, alreadyPresent: 100_004 });
      expect(await tableCounts(db)).toEqual({ users: 671, items: 9066, interactions: 100_004 });
      expect((await db.prisma.item.findFirstOrThrow({ where: { externalId: '1' } })).updatedAt).toEqual(stamp.updatedAt);
    } finally {
      await db.dispose();
    }
  });

  it.skipIf(!hasMl100k)('ML-100K gives 943 users, 1,682 items, 100,000 ratings, with posters referenced and sequences in file order', async () => {
    const db = await create();
    try {
      const report = await importDataset(db, {
        dataset: openDataset(ml100kDir),
        images: hasPosters ? { dir: path.join(postersDir, 'images'), map: path.join(postersDir, 'ml-100k-to-poster.tsv') } : undefined,
      });
      expect(report.format).toBe('recbole');
      expect(await tableCounts(db)).toEqual({ users: 943, items: 1682, interactions: 100_000 });
      if (hasPosters) {
        expect(report.itemsWithImage).toBe(1642);
        const toyStory = await db.prisma.item.findUniqueOrThrow({ where: { externalId: '1' } });
        expect(toyStory.imageUri).toBe(`file://${path.join(postersDir, 'images', '1.jpg')}`);
      }
      // Same-second events keep file order: the database's (time, id) order equals a stable sort of the file.
      const fromDatabase = await loadEventLogFromDatabase(db);
      const fromFiles = await loadEventLogFromDirectory(ml100kDir);
      // The database's log is read 10,000 events a page: ties that straddle a page keep their order too.
      const byUser = (log: typeof fromFiles) =>
        new Map(log.userExternalIds.map((user, index) => [user, Array.from(log.sequences[index]!, (item, at) => [log.itemExternalIds[item - 1], log.timestamps[index]![at]])]));
      expect(byUser(fromDatabase)).toEqual(byUser(fromFiles));
    } finally {
      await db.dispose();
    }
  });
});

/** Writes ML-100K's original GroupLens layout (u.item, u.data, u.user) from the RecBole copy, to test that reader. */
async function writeOriginalMl100k(dir: string): Promise<void> {
  const genres = ['unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western'];
  const rows = (text: string) => text.trim().split('\n').slice(1).map((line) => line.split('\t'));
  const items = rows(await readFile(path.join(ml100kDir, 'ml-100k.item'), 'utf8')).map(([id, title, year, classes]) => {
    const flags = genres.map((genre) => ((classes ?? '').split(' ').includes(genre) ? '1' : '0'));
    return [id, `${title} (${year})`, `01-Jan-${year}`, '', 'http://example.invalid', ...flags].join('|');
  });
  writeFileSync(path.join(dir, 'u.item'), `${items.join('\n')}\n`, 'latin1');
  const events = rows(await readFile(path.join(ml100kDir, 'ml-100k.inter'), 'utf8'));
  writeFileSync(path.join(dir, 'u.data'), `${events.map((fields) => fields.join('\t')).join('\n')}\n`);
  const users = rows(await readFile(path.join(ml100kDir, 'ml-100k.user'), 'utf8'));
  writeFileSync(path.join(dir, 'u.user'), `${users.map((fields) => fields.join('|')).join('\n')}\n`);
}

describe('the original MovieLens-100K layout (u.data, u.item, u.user)', () => {
  it.skipIf(!hasMl100k)('reads the same catalog and sequences as the RecBole atomic files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-u-data-'));
    await writeOriginalMl100k(dir);
    // PostgreSQL where there is one: the reader is under test here, not the engine, and PGlite imports 100,000
    // events at about twice the CPU (both engines import ML-100K above).
    const target = targets.find((t) => t.kind === 'postgres') ?? targets[0]!;
    const db = await target.create();
    try {
      const report = await importDataset(db, { dataset: openDataset(dir) });
      expect(report.format).toBe('movielens-100k');
      expect(await tableCounts(db)).toEqual({ users: 943, items: 1682, interactions: 100_000 });
      expect(await db.prisma.item.findUniqueOrThrow({ where: { externalId: '1' } })).toMatchObject({
        title: 'Toy Story',
        attributes: { genres: ['Animation', "Children's", 'Comedy'], year: 1995 },
      });
      expect(await db.prisma.user.findUniqueOrThrow({ where: { externalId: '1' } })).toMatchObject({
        attributes: { age: 24, gender: 'M', occupation: 'technician', zipCode: '85711' },
      });
      const original = await loadEventLogFromDirectory(dir);
      const recbole = await loadEventLogFromDirectory(ml100kDir);
      expect(original.sequences).toEqual(recbole.sequences);
      expect(original.userExternalIds).toEqual(recbole.userExternalIds);
    } finally {
      await db.dispose();
    }
  });
});
