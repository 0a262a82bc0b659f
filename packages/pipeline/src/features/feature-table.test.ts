import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseStoredEncoder, loadFeatureTable } from './feature-table.ts';
import { storeFeatureOutcomes } from './store-feature-outcomes.ts';

const SMALL = { modality: 'IMAGE' as const, name: 'tiny', version: 'v1', dimension: 3 };
const WIDE = { modality: 'IMAGE' as const, name: 'tiny', version: 'v2', dimension: 3 };
const vector = (seed: number) => Float32Array.from([seed, seed + 0.5, -seed]);

describe.each(await testDatabaseTargets())('feature tables for the feature learners on $kind', ({ create }) => {
  let db: TestDatabase;
  const id: Record<string, number> = {};
  beforeAll(async () => {
    db = await create();
    for (const ext of ['a', 'b', 'c']) id[ext] = (await db.prisma.item.create({ data: { externalId: ext, title: ext } })).id;
    const store = (encoder: typeof SMALL, exts: string[]) => storeFeatureOutcomes(db.sql, encoder, exts.map((ext, i) => ({
      itemId: id[ext]!, sourceSha256: ext, outcome: { ok: true, vector: vector(i + 1) },
    })));
    await store(SMALL, ['a', 'c']); // a → [1, 1.5, -1], c → [2, 2.5, -2]
    await store(WIDE, ['a', 'b', 'c']);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it("aligns vectors to a run's 1-based item indices, with zeros for padding, unknown items and items without one", async () => {
    const { table, covered } = await loadFeatureTable(db.sql, SMALL, ['c', 'not-in-db', 'b', 'a']);
    expect([...table]).toEqual([0, 0, 0, 2, 2.5, -2, 0, 0, 0, 0, 0, 0, 1, 1.5, -1]);
    expect(covered).toBe(2);
  });

  it('chooses the stored encoder covering most items unless one is named', async () => {
    expect(await chooseStoredEncoder(db.sql, 'IMAGE')).toEqual(WIDE);
    expect(await chooseStoredEncoder(db.sql, 'IMAGE', 'tiny@v1')).toEqual(SMALL);
    await expect(chooseStoredEncoder(db.sql, 'IMAGE', 'tiny@v9')).rejects.toThrow('no image vectors from encoder tiny@v9; stored: tiny@v1 (2 items), tiny@v2 (3 items)');
    await expect(chooseStoredEncoder(db.sql, 'TEXT')).rejects.toThrow('the database has no text vectors: run npx fewshot features --modality text first');
  });
});
