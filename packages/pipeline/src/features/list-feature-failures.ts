import type { SqlExecutor } from '@fewshot/db';
import type { Modality } from '@fewshot/features/encoder';

export interface FeatureFailure {
  itemId: number;
  externalId: string;
  title: string;
  modality: Modality;
  encoder: string;
  encoderVersion: string;
  error: string;
}

/** Items whose feature extraction failed, with the recorded reason (newest first). */
export async function listFeatureFailures(sql: SqlExecutor, { limit = 20 } = {}): Promise<{ total: number; failures: FeatureFailure[] }> {
  const [count] = await sql.query<{ total: string | number }>(`SELECT count(*) AS total FROM item_features WHERE status = 'FAILED'`);
  const failures = await sql.query<FeatureFailure>(
    `SELECT f.item_id AS "itemId", i.external_id AS "externalId", i.title, f.modality, f.encoder,
            f.encoder_version AS "encoderVersion", f.error
       FROM item_features f JOIN items i ON i.id = f.item_id
      WHERE f.status = 'FAILED' ORDER BY f.created_at DESC, f.id DESC LIMIT $1`,
    [limit],
  );
  return { total: Number(count?.total ?? 0), failures };
}
