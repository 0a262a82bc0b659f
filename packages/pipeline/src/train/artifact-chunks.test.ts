import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@fewshot/db';
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

  it('writes an artifact as 4 MiB chunks and reads back exactly its bytes, letting the event loop turn between chunks', async () => {
    const artifact = randomBytes(2 * ARTIFACT_CHUNK_BYTES + 17);
    const id = await version();
    // Each statement, and a turn of the event loop queued as it is sent: the turn comes before the next statement only
    // where the code lets the loop run between them (timers, I/O: job lock renewals, the api's requests). Counting a
    // timer's ticks instead failed under a loaded machine's coarse timers (one tick in three chunks).
    const events: string[] = [];
    const traced: SqlExecutor = { ...db.sql, query: (text, params) => {
      events.push('statement');
      setImmediate(() => events.push('turn'));
      return db.sql.query(text, params);
    } };
    /** How many statements were sent with no turn of the loop since the one before. */
    const back2back = () => events.filter((event, i) => event === 'statement' && events[i - 1] === 'statement').length;
    const reported: string[] = [];
    await writeArtifactChunks(traced, id, artifact, { onChunk: (written, total) => reported.push(`${written}/${total}`) });
    // The three chunks' statements each after a turn (the DELETE before them may run straight into the first).
    expect(events.filter((event) => event === 'statement')).toHaveLength(4);
    expect(back2back()).toBeLessThanOrEqual(1);
    expect(events.slice(-3)).toEqual(['turn', 'statement', 'turn']);
    events.length = 0;
    const read = await readArtifactChunks(traced, id, artifact.length);
    expect(events.filter((event) => event === 'statement')).toHaveLength(4);
    expect(back2back()).toBeLessThanOrEqual(1);
    expect(Buffer.from(read).equals(artifact)).toBe(true);
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
