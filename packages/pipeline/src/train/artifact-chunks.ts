import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqlExecutor } from '@fewshot/db';

/**
 * Bytes per stored chunk. The embedded database runs each statement on this thread: measured on these 2 cores with
 * the demo catalog's 140 MB artifact in a file-backed PGlite, one value held the event loop 5.3-6.0 s to write (28 s
 * beside a test run) and 4.0-4.3 s to read; in 4 MiB chunks the longest hold was 0.13-0.66 s writing and under 0.1 s
 * reading, and the whole write took less time (2.2-2.3 s).
 */
export const ARTIFACT_CHUNK_BYTES = 4 << 20;

/**
 * Writes a TRAINING version's artifact as chunk rows, one statement per chunk, letting the event loop run between
 * them (job lock renewals, the api's requests). Chunks left by an earlier attempt at the same version go first.
 * Each chunk is written only while the version is still TRAINING; the caller makes the version READY, with
 * `artifact_bytes` and `artifact_sha256`, once every chunk is in. NOTE: base64 text rather than bytea parameters:
 * PGlite serialises a bytea parameter through a hex string in JavaScript (a 32 MB artifact took 32 s through Prisma).
 */
export async function writeArtifactChunks(
  sql: SqlExecutor,
  versionId: number,
  artifact: Uint8Array,
  { signal, onChunk }: { signal?: AbortSignal; onChunk?: (written: number, total: number) => void } = {},
): Promise<void> {
  await sql.query('DELETE FROM model_artifact_chunks WHERE model_version_id = $1', [versionId]);
  const total = Math.ceil(artifact.length / ARTIFACT_CHUNK_BYTES);
  for (let seq = 0, offset = 0; offset < artifact.length; seq++, offset += ARTIFACT_CHUNK_BYTES) {
    signal?.throwIfAborted();
    const piece = artifact.subarray(offset, offset + ARTIFACT_CHUNK_BYTES);
    const written = await sql.query(
      `INSERT INTO model_artifact_chunks (model_version_id, seq, bytes)
       SELECT id, $2, decode($3, 'base64') FROM model_versions WHERE id = $1 AND status = 'TRAINING' RETURNING seq`,
      [versionId, seq, Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('base64')],
    );
    if (written.length !== 1) throw new Error(`model version ${versionId} stopped being TRAINING while its artifact was written`);
    onChunk?.(seq + 1, total);
    await nextTurn();
  }
}

/**
 * Reads a version's artifact back from its chunks, one statement per chunk with the event loop free between them,
 * into one buffer of `expectedBytes`. Throws where the chunks do not add up to exactly that (missing, extra or
 * resized chunks); the caller checks the bytes' sha256.
 */
export async function readArtifactChunks(sql: SqlExecutor, versionId: number, expectedBytes: number): Promise<Uint8Array> {
  const chunks = await sql.query<{ seq: number; size: number }>(
    'SELECT seq, length(bytes) AS size FROM model_artifact_chunks WHERE model_version_id = $1 ORDER BY seq',
    [versionId],
  );
  const total = chunks.reduce((sum, chunk) => sum + Number(chunk.size), 0);
  const gapless = chunks.every((chunk, index) => Number(chunk.seq) === index);
  if (!gapless || total !== expectedBytes) {
    throw new Error(`model version ${versionId}: its artifact chunks hold ${total} bytes in ${chunks.length} chunks${gapless ? '' : ' with gaps'}, not the recorded ${expectedBytes} bytes`);
  }
  const bytes = new Uint8Array(expectedBytes);
  let offset = 0;
  for (const chunk of chunks) {
    const [row] = await sql.query<{ base64: string }>(
      `SELECT encode(bytes, 'base64') AS base64 FROM model_artifact_chunks WHERE model_version_id = $1 AND seq = $2`,
      [versionId, chunk.seq],
    );
    const size = Number(chunk.size);
    // PostgreSQL's base64 breaks lines every 76 characters; Node's decoder skips them.
    const decoded = row ? Buffer.from(bytes.buffer, offset, size).write(row.base64, 'base64') : -1;
    if (decoded !== size) throw new Error(`model version ${versionId}: artifact chunk ${chunk.seq} changed while it was read`);
    offset += size;
    await nextTurn();
  }
  return bytes;
}

/** The hex sha256 recorded with a version's artifact (`artifact_sha256`), checked wherever the bytes are read back. */
export function artifactSha256(artifact: Uint8Array): string {
  return createHash('sha256').update(artifact).digest('hex');
}

/** Drops a version's chunks (a failed or interrupted training's partial artifact). */
export async function deleteArtifactChunks(sql: SqlExecutor, versionIds: readonly number[]): Promise<void> {
  if (versionIds.length > 0) await sql.query('DELETE FROM model_artifact_chunks WHERE model_version_id = ANY($1::int[])', [versionIds]);
}
