import type { SqlExecutor } from '@fewshot/db';
import type { EncodeOutcome } from '@fewshot/features/encoder';
import { vectorToBytes } from '@fewshot/features/vector-bytes';
import type { EncoderRef } from './encoder-set.ts';

export interface ItemOutcome {
  itemId: number;
  /** Fingerprint of the input the outcome came from (feature-input.ts). */
  sourceSha256: string;
  outcome: EncodeOutcome;
}

/**
 * Writes one batch of outcomes in a single statement (up to 5,000; a larger list in several, each stored whole or
 * not at all): a crash loses at most the batch in flight, and the next run resumes from what is missing. A failure keeps its reason and no
 * vector; a later outcome for the same item and encoder version (a retry, or the item's changed text or image)
 * replaces it.
 */
export async function storeFeatureOutcomes(sql: SqlExecutor, encoder: EncoderRef, outcomes: readonly ItemOutcome[]): Promise<void> {
  // PostgreSQL's wire protocol counts bind parameters in 16 bits: 6 per row allows at most 10,922 rows a statement.
  for (let start = 0; start < outcomes.length; start += MAX_ROWS_PER_STATEMENT) {
    await storeChunk(sql, encoder, outcomes.slice(start, start + MAX_ROWS_PER_STATEMENT));
  }
}

const MAX_ROWS_PER_STATEMENT = 5_000;

async function storeChunk(sql: SqlExecutor, encoder: EncoderRef, outcomes: readonly ItemOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const params: unknown[] = [encoder.modality, encoder.name, encoder.version];
  const rows = outcomes.map(({ itemId, sourceSha256, outcome }) => {
    if (outcome.ok && outcome.vector.length !== encoder.dimension) {
      throw new Error(`encoder ${encoder.name} returned ${outcome.vector.length} values for item ${itemId}, expected ${encoder.dimension}`);
    }
    params.push(
      itemId,
      outcome.ok ? encoder.dimension : 0,
      outcome.ok ? vectorToBytes(outcome.vector) : null,
      outcome.ok ? 'READY' : 'FAILED',
      outcome.ok ? null : outcome.error.slice(0, 2000),
      sourceSha256,
    );
    const n = params.length;
    return `($${n - 5}, $1, $2, $3, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await sql.query(
    `INSERT INTO item_features (item_id, modality, encoder, encoder_version, dimension, vector, status, error, source_sha256)
     VALUES ${rows.join(', ')}
     ON CONFLICT (item_id, modality, encoder, encoder_version) DO UPDATE
       SET dimension = EXCLUDED.dimension, vector = EXCLUDED.vector, status = EXCLUDED.status,
           error = EXCLUDED.error, source_sha256 = EXCLUDED.source_sha256, created_at = CURRENT_TIMESTAMP`,
    params,
  );
}
