import { testDatabaseTargets } from '@fewshot/db/testing';
import { describe, expect, it } from 'vitest';
import { storeFeatureOutcomes } from './store-feature-outcomes.ts';

const [pglite] = await testDatabaseTargets();

describe('storeFeatureOutcomes', () => {
  it('stores more rows than one statement can bind (12,000 items: 72,000 parameters)', async () => {
    const db = await pglite!.create();
    try {
      await db.sql.query(`INSERT INTO items (external_id, title) SELECT 'i' || g, 'Item ' || g FROM generate_series(1, 12000) g`);
      const ids = await db.sql.query<{ id: number }>('SELECT id FROM items ORDER BY id');
      await storeFeatureOutcomes(db.sql, { modality: 'TEXT', name: 'tiny', version: '1', dimension: 2 }, ids.map((row, i) => ({
        itemId: Number(row.id), sourceSha256: String(i), outcome: { ok: true as const, vector: Float32Array.of(i, -i) },
      })));
      const [count] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM item_features WHERE status = 'READY'`);
      expect(Number(count!.n)).toBe(12_000);
    } finally {
      await db.dispose();
    }
  });
});
