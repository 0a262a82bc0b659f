import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { migrationsDirectory } from './paths.ts';
import { databaseBeforeMigration } from './testing/before-migration.ts';
import { testDatabaseTargets, type TestDatabase } from './testing/index.ts';

const CHUNKS_MIGRATION = '20261208090000_chunked_artifacts';
const CHUNK = 4 << 20;

describe.each(await testDatabaseTargets())('chunked artifacts migration on $kind', ({ create }) => {
  let db: TestDatabase;
  databaseBeforeMigration(create, CHUNKS_MIGRATION, (opened) => (db = opened));

  it("moves every stored artifact into 4 MiB chunks that add up to its bytes and sha256, and drops a half-written one's", async () => {
    const big = randomBytes(2 * CHUNK + 3);
    const small = randomBytes(10);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const insert = async (name: string, status: string, bytes: Uint8Array | null, withSha: boolean) =>
      Number((await db.sql.query<{ id: number }>(
        `INSERT INTO model_versions (name, status, artifact, artifact_sha256) VALUES ($1, $2::model_version_status, decode($3, 'base64'), $4) RETURNING id`,
        [name, status, bytes ? Buffer.from(bytes).toString('base64') : null, bytes && withSha ? sha(bytes) : null],
      ))[0]!.id);
    const ids = {
      big: await insert('big', 'ACTIVE', big, true),
      small: await insert('small', 'RETIRED', small, true),
      halfWritten: await insert('half', 'TRAINING', small, false),
      none: await insert('failed', 'FAILED', null, false),
    };
    // It and exactly the migrations after it, as an upgrade from that release applies them.
    const upgrade = (await readdir(migrationsDirectory)).filter((name) => /^\d{14}_/.test(name) && name >= CHUNKS_MIGRATION).sort();
    expect(upgrade[0]).toBe(CHUNKS_MIGRATION);
    expect((await migrate(db.sql)).applied).toEqual(upgrade);

    const versions = await db.prisma.modelVersion.findMany({ orderBy: { id: 'asc' }, select: { id: true, artifactBytes: true, artifactSha256: true } });
    expect(versions).toEqual([
      { id: ids.big, artifactBytes: big.length, artifactSha256: sha(big) },
      { id: ids.small, artifactBytes: 10, artifactSha256: sha(small) },
      { id: ids.halfWritten, artifactBytes: null, artifactSha256: null },
      { id: ids.none, artifactBytes: null, artifactSha256: null },
    ]);
    const chunks = await db.sql.query<{ model_version_id: number; seq: number; bytes: string }>(
      `SELECT model_version_id, seq, encode(bytes, 'base64') AS bytes FROM model_artifact_chunks ORDER BY model_version_id, seq`,
    );
    expect(chunks.map((c) => [Number(c.model_version_id), c.seq])).toEqual([[ids.big, 0], [ids.big, 1], [ids.big, 2], [ids.small, 0]]);
    const joined = (id: number) => Buffer.concat(chunks.filter((c) => Number(c.model_version_id) === id).map((c) => Buffer.from(c.bytes, 'base64')));
    expect(joined(ids.big).equals(big)).toBe(true);
    expect(joined(ids.small).equals(small)).toBe(true);
    // Deleting a version deletes its chunks.
    await db.prisma.modelVersion.delete({ where: { id: ids.small } });
    expect(await db.prisma.modelArtifactChunk.count({ where: { modelVersionId: ids.small } })).toBe(0);
  });
});
