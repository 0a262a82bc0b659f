import type { Database } from '@fewshot/db';
import type { EncoderRecord } from '@fewshot/pipeline/warmup';

/** The encoders the ACTIVE model version was trained on, or null when none is active (new items use the defaults). */
export async function activeEncoderRecord(db: Database): Promise<EncoderRecord | null> {
  const [row] = await db.sql.query<{ encoders: EncoderRecord }>(`SELECT encoders FROM model_versions WHERE status = 'ACTIVE' LIMIT 1`);
  return row ? row.encoders : null;
}
