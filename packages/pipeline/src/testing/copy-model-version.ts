// Test support: a second READY version with exactly another version's artifact (its chunks copied in SQL), so
// serving and lifecycle tests can promote "another" model without training one; `corruptByteAt` (1-based) zeroes one
// byte of the copy (the recorded sha256 stays the original's), for tests of a refused artifact.
import type { Database } from '@fewshot/db';

export async function copyModelVersion(db: Database, fromVersionId: number, name: string, { corruptByteAt }: { corruptByteAt?: number } = {}): Promise<number> {
  return db.sql.transaction(async (tx) => {
    const [copy] = await tx.query<{ id: number }>(
      `INSERT INTO model_versions (name, status, config, encoders, metrics, artifact_bytes, artifact_sha256)
       SELECT $2, 'READY', config, encoders, metrics, artifact_bytes, artifact_sha256 FROM model_versions WHERE id = $1 RETURNING id`,
      [fromVersionId, name],
    );
    if (!copy) throw new Error(`model version ${fromVersionId} does not exist`);
    await tx.query(
      `INSERT INTO model_artifact_chunks (model_version_id, seq, bytes) SELECT $2, seq, bytes FROM model_artifact_chunks WHERE model_version_id = $1`,
      [fromVersionId, copy.id],
    );
    if (corruptByteAt !== undefined) {
      // The chunk holding that byte, and the byte's 1-based position inside it.
      await tx.query(
        `UPDATE model_artifact_chunks c SET bytes = overlay(c.bytes PLACING '\\x00'::bytea FROM ($2::int - s.start)::int FOR 1)
           FROM (SELECT seq, sum(length(bytes)) OVER (ORDER BY seq) - length(bytes) AS start FROM model_artifact_chunks WHERE model_version_id = $1) s
          WHERE c.model_version_id = $1 AND c.seq = s.seq AND $2::int > s.start AND $2::int <= s.start + length(c.bytes)`,
        [copy.id, corruptByteAt],
      );
    }
    return Number(copy.id);
  });
}
