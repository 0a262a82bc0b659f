import { randomBytes } from 'node:crypto';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_CHUNK_BYTES, deleteArtifactChunks, readArtifactChunks, writeArtifactChunks } from './artifact-chunks.ts';

describe.each(await testDatabaseTargets())('artifact chunks on $kind', ({ create }) => {
  let db: TestDatabase;
  const version = async (status: 'TRAINING' | 'READY' = 'TRAINING') => (await db.prisma.modelVersion.create({ data: { name: 'chunked', status } })).id;
  const sizes = async (id: number) => (await db.sql.query<{ size: number }>('SELECT length(bytes) AS size FROM model_artifact_chunks WHERE model_version_id = $1 ORDER BY seq', [id])).map((row) => Number(row.size));

  beforeAll(async () => {
    db = await create();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('writes an artifact as 4 MiB chunks and reads back exactly its bytes, letting timers run between chunks', async () => {
    const artifact = randomBytes(2 * ARTIFACT_CHUNK_BYTES + 17);
    const id = await version();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const reported: string[] = [];
    try {
      await writeArtifactChunks(db.sql, id, artifact, { onChunk: (written, total) => reported.push(`${written}/${total}`) });
      // At least once between each two chunks (one statement for the whole artifact would leave no turn inside it).
      expect(ticks).toBeGreaterThanOrEqual(2);
      ticks = 0;
      const read = await readArtifactChunks(db.sql, id, artifact.length);
      expect(ticks).toBeGreaterThanOrEqual(2);
      expect(Buffer.from(read).equals(artifact)).toBe(true);
    } finally {
      clearInterval(timer);
    }
    expect(reported).toEqual(['1/3', '2/3', '3/3']);
    expect(await sizes(id)).toEqual([ARTIFACT_CHUNK_BYTES, ARTIFACT_CHUNK_BYTES, 17]);
    // Written again (a retried store), the earlier chunks are replaced, not added to.
    await writeArtifactChunks(db.sql, id, artifact.subarray(0, 100));
    expect(await sizes(id)).toEqual([100]);
  });

  it('refuses chunks that do not add up to the recorded length, and a version that is no longer TRAINING', async () => {
    const id = await version();
    await writeArtifactChunks(db.sql, id, randomBytes(ARTIFACT_CHUNK_BYTES + 5));
    await expect(readArtifactChunks(db.sql, id, ARTIFACT_CHUNK_BYTES + 6)).rejects.toThrow(`model version ${id}: its artifact chunks hold ${ARTIFACT_CHUNK_BYTES + 5} bytes in 2 chunks, not the recorded ${ARTIFACT_CHUNK_BYTES + 6} bytes`);
    await db.sql.query('DELETE FROM model_artifact_chunks WHERE model_version_id = $1 AND seq = 0', [id]);
    await expect(readArtifactChunks(db.sql, id, 5)).rejects.toThrow(`model version ${id}: its artifact chunks hold 5 bytes in 1 chunks with gaps, not the recorded 5 bytes`);
    await deleteArtifactChunks(db.sql, [id]);
    expect(await sizes(id)).toEqual([]);

    const ready = await version('READY');
    await expect(writeArtifactChunks(db.sql, ready, randomBytes(10))).rejects.toThrow(`model version ${ready} stopped being TRAINING while its artifact was written`);
    expect(await sizes(ready)).toEqual([]);
  });

  it('stops between chunks when aborted', async () => {
    const id = await version();
    const controller = new AbortController();
    const written = writeArtifactChunks(db.sql, id, randomBytes(3 * ARTIFACT_CHUNK_BYTES), {
      signal: controller.signal,
      onChunk: (n) => n === 1 && controller.abort(new Error('enough')),
    });
    await expect(written).rejects.toThrow('enough');
    expect(await sizes(id)).toEqual([ARTIFACT_CHUNK_BYTES]);
  });
});
