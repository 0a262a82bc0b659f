import type { Database } from '@fewshot/db';
import type { EncoderRecord } from '@fewshot/pipeline/warmup';

/**
 * The encoder sets whose vectors a new item needs now: the active version's, then a running trial's version's where
 * they differ (a trial of a version trained on another encoder: its users are shown new items only once they have
 * its vectors). Null when no version is active (new items use the defaults).
 */
export async function servedEncoderRecords(db: Database): Promise<EncoderRecord[] | null> {
  const rows = await db.sql.query<{ encoders: EncoderRecord; trial: boolean }>(
    `SELECT v.encoders, false AS trial FROM model_versions v WHERE v.status = 'ACTIVE'
     UNION ALL
     SELECT v.encoders, true AS trial FROM model_trials t JOIN model_versions v ON v.id = t.candidate_version_id WHERE t.status = 'RUNNING'`,
  );
  const active = rows.find((row) => !row.trial);
  if (!active) return null;
  return distinctRecords([active.encoders, ...rows.filter((row) => row.trial).map((row) => row.encoders)]);
}

/** The records in order, each set once (two versions trained on the same encoders need the vectors once). */
export function distinctRecords(records: readonly EncoderRecord[]): EncoderRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = JSON.stringify(Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
