import { createHash } from 'node:crypto';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import type { Encoder, ImageInput } from '@fewshot/features/encoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featurizeItems } from './featurize-items.ts';
import { storedImageSha256, storedImageUri } from './stored-image.ts';

const targets = await testDatabaseTargets();

/** An image "encoder" that reports what it was given: [byte length, first byte]; it refuses references. */
function recordingEncoder(seen: ImageInput[]): Encoder<'IMAGE'> {
  return {
    name: 'recording', version: '1', modality: 'IMAGE', dimension: 2,
    encode: async (batch) => batch.map((input) => {
      seen.push(input);
      return 'bytes' in input ? { ok: true, vector: new Float32Array([input.bytes.byteLength, input.bytes[0] ?? -1]) } : { ok: false, error: `got a reference ${input.uri}` };
    }),
    close: async () => undefined,
  };
}

describe.each(targets)('images stored in the database, on $kind', ({ create }) => {
  let db: TestDatabase;
  const ids: Record<string, number> = {};
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const sha = createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    db = await create();
    for (const key of ['stored', 'gone', 'other']) ids[key] = (await db.prisma.item.create({ data: { externalId: key, title: key } })).id;
    await db.sql.query(`INSERT INTO item_images (item_id, content_type, bytes, byte_length, width, height, sha256) VALUES ($1, 'image/png', decode($2, 'base64'), $3, 1, 1, $4)`, [ids.stored, bytes.toString('base64'), bytes.length, sha]);
    await db.prisma.item.update({ where: { id: ids.stored }, data: { imageUri: storedImageUri(sha) } });
    await db.prisma.item.update({ where: { id: ids.gone }, data: { imageUri: storedImageUri('0'.repeat(64)) } });
    await db.prisma.item.update({ where: { id: ids.other }, data: { imageUri: storedImageUri(sha) } });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('reads stored bytes for the encoder, only for the items asked for, and fails a missing row with its reason', async () => {
    const seen: ImageInput[] = [];
    const result = await featurizeItems({ sql: db.sql, encoder: recordingEncoder(seen), batchSize: 8, itemIds: [ids.stored!, ids.gone!] });
    expect(result).toMatchObject({ ready: 1, failed: 1 });
    expect(seen.map((input) => ('bytes' in input ? Buffer.from(input.bytes).toString('hex') : input.uri))).toEqual([bytes.toString('hex')]);
    const rows = await db.prisma.itemFeature.findMany({ orderBy: { itemId: 'asc' } });
    expect(rows.map((row) => [row.itemId, row.status])).toEqual([[ids.stored, 'READY'], [ids.gone, 'FAILED']]);
    expect(new Float32Array(new Uint8Array(rows[0]!.vector!).buffer)).toEqual(new Float32Array([bytes.length, 0x89]));
    expect(rows[1]!.error).toMatch(/the stored image db:item_images\/0{64} is missing from the database/);
    // The rest of the catalog is left for another run.
    expect(await featurizeItems({ sql: db.sql, encoder: recordingEncoder([]), batchSize: 8 })).toMatchObject({ ready: 1, failed: 0 });
  });

  it('recognises only well-formed references', () => {
    expect(storedImageSha256(storedImageUri(sha))).toBe(sha);
    expect(storedImageSha256('db:item_images/../../etc/passwd')).toBeNull();
    expect(storedImageSha256('file:///x.jpg')).toBeNull();
  });
});
